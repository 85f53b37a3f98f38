package org.rlhf4j.cli;

import java.io.PrintStream;
import org.rlhf4j.train.config.SftConfig;
import org.rlhf4j.train.lm.SftTrainer;
import org.rlhf4j.train.run.EpochLoop;
import picocli.CommandLine.Command;

/** {@code rlhf4j sft}: supervised fine-tuning on demonstrations (InstructGPT step 1). */
@Command(name = "sft", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Fine-tune a causal LM on demonstrations (JSONL of {\"prompt\", \"completion\"} or {\"messages\": [...]}).",
            "Loss falls on the response tokens only. The final model is the epoch with the best eval/loss, or, with",
            "--reward-model, the best mean reward of greedy completions of held-out prompts (the paper's rule).",
            "Output: a Hugging Face model folder plus metrics.jsonl, metrics.png, training_config.yaml, checkpoints/.",
            ""})
final class SftCommand extends TrainerCommand<SftConfig> {
    SftCommand() {
        super(SftConfig.class);
    }

    @Override
    EpochLoop.Result train(SftConfig c, boolean resume, PrintStream log) {
        return SftTrainer.train(c, resume, log);
    }
}
