package org.rlhf4j.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.rlhf4j.train.Trainers;
import org.rlhf4j.train.config.ConfigLoader;
import org.rlhf4j.train.config.RmConfig;
import org.rlhf4j.train.run.TrainingLoop;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rlhf4j rm}: the reward model (InstructGPT step 2). */
@Command(name = "rm", mixinStandardHelpOptions = true, defaultValueProvider = RmCommand.Defaults.class,
        description = {"Train a reward model on ranked comparisons, from an SFT model with a new scalar head.",
            "Data (JSONL): {\"prompt\", \"chosen\", \"rejected\"} or {\"prompt\", \"responses\": [...], \"ranking\": [[best], ...]}.",
            "All C(K,2) pairs of a prompt form one batch element; each response is scored once; ties give no pair.",
            "Output: a Hugging Face sequence-classification folder (score.weight); the bias is in config.json.",
            ""})
final class RmCommand implements Callable<Integer> {
    static final class Defaults extends DefaultsOf {
        Defaults() {
            super(RmConfig.defaults());
        }
    }

    @Spec CommandSpec spec;
    @Mixin TrainerOptions common;

    @Option(names = "--data", paramLabel = "FILE", description = "Comparisons JSONL.") String data;
    @Option(names = "--demonstrations", paramLabel = "FILE", description = "Demonstrations JSONL whose mean reward is set to 0 after training.") String demonstrations;
    @Option(names = "--max-length", paramLabel = "N", description = "Longest prompt + response in tokens (default: ${DEFAULT-VALUE}).") Integer maxLength;
    @Option(names = "--residual-dropout", paramLabel = "P", description = "Residual dropout while training (default: ${DEFAULT-VALUE}).") Float residualDropout;

    @Override
    public Integer call() {
        RmConfig c = ConfigLoader.load(RmConfig.class, RmConfig.defaults(), common.config, TrainerOptions.explicitOverrides(spec));
        TrainingLoop.Result r = Trainers.rm(c, common.resume, System.err);
        spec.commandLine().getOut().println("rm: " + r.steps() + " steps, final loss " + r.lastLoss() + " " + r.lastValidation()
                + ", model in " + Path.of(c.out()).toAbsolutePath());
        return 0;
    }
}
