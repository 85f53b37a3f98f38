package org.rlhf4j.cli;

import java.io.PrintStream;
import org.rlhf4j.train.config.RmConfig;
import org.rlhf4j.train.rm.RewardTrainer;
import org.rlhf4j.train.run.EpochLoop;
import picocli.CommandLine.Command;

/** {@code rlhf4j rm}: the reward model (InstructGPT step 2). */
@Command(name = "rm", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a reward model on ranked comparisons, from an SFT model with a new scalar head.",
            "Data (JSONL): {\"prompt\", \"chosen\", \"rejected\"} or {\"prompt\", \"responses\": [...], \"ranking\": [[best], ...]}.",
            "All C(K,2) pairs of a prompt form one batch element; each response is scored once; ties give no pair.",
            "The final model is the epoch with the best eval/accuracy on held-out comparisons.",
            "Output: a Hugging Face sequence-classification folder (score.weight); the bias is in config.json.",
            ""})
final class RmCommand extends TrainerCommand<RmConfig> {
    RmCommand() {
        super(RmConfig.class);
    }

    @Override
    EpochLoop.Result train(RmConfig c, boolean resume, PrintStream log) {
        return RewardTrainer.train(c, resume, log);
    }
}
