package org.rlhf4j.cli;

import java.io.PrintStream;
import org.rlhf4j.train.config.PpoConfig;
import org.rlhf4j.train.ppo.PpoTrainer;
import org.rlhf4j.train.run.EpochLoop;
import picocli.CommandLine.Command;

/** {@code rlhf4j ppo}: PPO and PPO-ptx against a reward model (InstructGPT step 3). */
@Command(name = "ppo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Optimize the policy (an SFT model) against a reward model with PPO: a per-token KL penalty to the",
            "frozen SFT model, a value model initialised from the reward model, and with --ptx-data the PPO-ptx mix.",
            "Prompts (JSONL): {\"prompt\": ...} or {\"messages\": [...]} ending with a user turn.",
            "Output: the policy as a Hugging Face folder, the value model in value/, metrics.jsonl, metrics.png,",
            "samples.jsonl, training_config.yaml, checkpoints/ (all trained state; --resume repeats an uninterrupted run).",
            ""})
final class PpoCommand extends TrainerCommand<PpoConfig> {
    PpoCommand() {
        super(PpoConfig.class);
    }

    @Override
    EpochLoop.Result train(PpoConfig c, boolean resume, PrintStream log) {
        return PpoTrainer.train(c, resume, log);
    }
}
