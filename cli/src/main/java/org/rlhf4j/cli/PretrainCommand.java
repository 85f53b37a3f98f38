package org.rlhf4j.cli;

import java.io.PrintStream;
import org.rlhf4j.train.config.PretrainConfig;
import org.rlhf4j.train.lm.PretrainTrainer;
import org.rlhf4j.train.run.EpochLoop;
import picocli.CommandLine.Command;

/** {@code rlhf4j pretrain}: causal LM training on text (a fresh model from {@code rlhf4j init}, or one to continue). */
@Command(name = "pretrain", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a causal LM on text: .txt files (one document each) or {\"text\"} JSONL, packed into blocks.",
            "Start from a folder made by `rlhf4j init`, or continue any model.",
            "Output: a Hugging Face model folder plus metrics.jsonl, metrics.png, training_config.yaml, checkpoints/.",
            ""})
final class PretrainCommand extends TrainerCommand<PretrainConfig> {
    PretrainCommand() {
        super(PretrainConfig.class);
    }

    @Override
    EpochLoop.Result train(PretrainConfig c, boolean resume, PrintStream log) {
        return PretrainTrainer.train(c, resume, log);
    }
}
