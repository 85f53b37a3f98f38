package org.rlhf4j.cli;

import java.io.PrintStream;
import org.rlhf4j.train.config.DpoConfig;
import org.rlhf4j.train.dpo.DpoTrainer;
import org.rlhf4j.train.run.EpochLoop;
import picocli.CommandLine.Command;

/** {@code rlhf4j dpo}: direct preference optimization, the offline alternative to RM + PPO. */
@Command(name = "dpo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Optimize a causal LM (an SFT model) directly on ranked comparisons, without a reward model or sampling.",
            "Data (JSONL): {\"prompt\", \"chosen\", \"rejected\"} or {\"prompt\", \"responses\": [...], \"ranking\": [[best], ...]}.",
            "All C(K,2) pairs of a prompt form one batch element and each response is forwarded once (K forward passes",
            "per prompt, not K(K-1)); ties give no pair. The reference is the starting model, its log-probs computed once.",
            "The final model is the epoch with the best eval/rewards/accuracies on held-out comparisons.",
            "Output: a Hugging Face model folder plus metrics.jsonl, metrics.png, training_config.yaml, checkpoints/,",
            "reference_logps.safetensors.",
            ""})
final class DpoCommand extends TrainerCommand<DpoConfig> {
    DpoCommand() {
        super(DpoConfig.class);
    }

    @Override
    EpochLoop.Result train(DpoConfig c, boolean resume, PrintStream log) {
        return DpoTrainer.train(c, resume, log);
    }
}
