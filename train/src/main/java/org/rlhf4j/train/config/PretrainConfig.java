package org.rlhf4j.train.config;

import java.util.List;

/** {@code rlhf4j pretrain}: causal LM training on text (a fresh model from {@code rlhf4j init}, or one to continue). */
public final class PretrainConfig extends TrainingConfig {
    @Help(value = "Text files: .txt (one document each) or {\"text\"} JSONL, comma-separated or repeated.", label = "FILE")
    public List<String> data = List.of();
    @Help(value = "Tokens per training block.")
    public int blockLength = 256;

    /** nanoGPT-like defaults for training from scratch. */
    public PretrainConfig() {
        learningRate = 6e-4;
        warmupSteps = 100;
        weightDecay = 0.1;
        validationFraction = 0.05;
        checkpointEvery = 500;
    }

    @Override
    public void validate() {
        super.validate();
        check(blockLength >= 2, "block_length", "must be at least 2", blockLength);
    }
}
