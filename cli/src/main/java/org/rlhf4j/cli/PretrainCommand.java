package org.rlhf4j.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.rlhf4j.train.Trainers;
import org.rlhf4j.train.config.ConfigLoader;
import org.rlhf4j.train.config.PretrainConfig;
import org.rlhf4j.train.run.TrainingLoop;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rlhf4j pretrain}: causal LM training on text (a fresh model from {@code rlhf4j init}, or one to continue). */
@Command(name = "pretrain", mixinStandardHelpOptions = true, defaultValueProvider = PretrainCommand.Defaults.class,
        description = {"Train a causal LM on text: .txt files (one document each) or {\"text\"} JSONL, packed into blocks.",
            "Start from a folder made by `rlhf4j init`, or continue any model.",
            "Output: a Hugging Face model folder plus metrics.jsonl, metrics.png, training_config.yaml, checkpoints/.",
            ""})
final class PretrainCommand implements Callable<Integer> {
    static final class Defaults extends DefaultsOf {
        Defaults() {
            super(PretrainConfig.defaults());
        }
    }

    @Spec CommandSpec spec;
    @Mixin TrainerOptions common;

    @Option(names = "--data", paramLabel = "FILE", split = ",", description = "Text files, comma-separated or repeated.") List<String> data;
    @Option(names = "--block-length", paramLabel = "N", description = "Tokens per training block (default: ${DEFAULT-VALUE}).") Integer blockLength;
    @Option(names = "--residual-dropout", paramLabel = "P", description = "Residual dropout while training (default: ${DEFAULT-VALUE}).") Float residualDropout;

    @Override
    public Integer call() {
        PretrainConfig c = ConfigLoader.load(PretrainConfig.class, PretrainConfig.defaults(), common.config,
                TrainerOptions.explicitOverrides(spec));
        TrainingLoop.Result r = Trainers.pretrain(c, common.resume, System.err);
        spec.commandLine().getOut().println("pretrain: " + r.steps() + " steps, final loss " + r.lastLoss() + " " + r.lastValidation()
                + ", model in " + Path.of(c.out()).toAbsolutePath());
        return 0;
    }
}
