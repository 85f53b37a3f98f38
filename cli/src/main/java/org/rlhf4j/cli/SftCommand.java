package org.rlhf4j.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.rlhf4j.train.Trainers;
import org.rlhf4j.train.config.ConfigLoader;
import org.rlhf4j.train.config.SftConfig;
import org.rlhf4j.train.run.TrainingLoop;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rlhf4j sft}: supervised fine-tuning on demonstrations (InstructGPT step 1). */
@Command(name = "sft", mixinStandardHelpOptions = true, defaultValueProvider = SftCommand.Defaults.class,
        description = {"Fine-tune a causal LM on demonstrations (JSONL of {\"prompt\", \"completion\"} or {\"messages\": [...]}).",
            "Loss falls on the response tokens only. The final model is the epoch with the best val/loss, or, with",
            "--reward-model, the best mean reward of greedy completions of held-out prompts (the paper's rule).",
            "Output: a Hugging Face model folder plus metrics.jsonl, metrics.png, training_config.yaml, checkpoints/.",
            ""})
final class SftCommand implements Callable<Integer> {
    static final class Defaults extends DefaultsOf {
        Defaults() {
            super(SftConfig.defaults());
        }
    }

    @Spec CommandSpec spec;
    @Mixin TrainerOptions common;

    @Option(names = "--data", paramLabel = "FILE", description = "Demonstrations JSONL.") String data;
    @Option(names = "--max-length", paramLabel = "N", description = "Longest record in tokens; longer ones are errors (default: ${DEFAULT-VALUE}).") Integer maxLength;
    @Option(names = "--residual-dropout", paramLabel = "P", description = "Residual dropout while training (default: ${DEFAULT-VALUE}).") Float residualDropout;
    @Option(names = "--ptx-data", paramLabel = "FILE", split = ",", description = "Pretraining text (.txt or {\"text\"} JSONL) to mix in.") List<String> ptxData;
    @Option(names = "--ptx-coef", paramLabel = "X", description = "Weight of the pretraining loss in the mix (default: ${DEFAULT-VALUE}).") Double ptxCoef;
    @Option(names = "--reward-model", paramLabel = "DIR", description = "Reward model that picks the final epoch by mean score.") String rewardModel;
    @Option(names = "--selection-prompts", paramLabel = "N", description = "Held-out prompts scored for that choice (default: ${DEFAULT-VALUE}).") Integer selectionPrompts;
    @Option(names = "--selection-max-new-tokens", paramLabel = "N", description = "Length of those completions (default: ${DEFAULT-VALUE}).") Integer selectionMaxNewTokens;

    @Override
    public Integer call() {
        SftConfig c = ConfigLoader.load(SftConfig.class, SftConfig.defaults(), common.config,
                TrainerOptions.explicitOverrides(spec));
        TrainingLoop.Result r = Trainers.sft(c, common.resume, System.err);
        spec.commandLine().getOut().println("sft: " + r.steps() + " steps, final loss " + r.lastLoss() + " " + r.lastValidation()
                + ", model in " + Path.of(c.out()).toAbsolutePath());
        return 0;
    }
}
