package org.rlhf4j.train.config;

/**
 * {@code rlhf4j rm}: a reward model trained on K-wise comparisons, initialised from an SFT
 * model. The paper trains one epoch (more overfits) with cosine decay to 10%.
 */
public final class RmConfig extends TrainingConfig {
    @Help(value = "Comparisons JSONL: {\"prompt\", \"chosen\", \"rejected\"} or {\"prompt\", \"responses\", \"ranking\"}.",
            label = "FILE")
    public String data;
    @Help(value = "Demonstrations JSONL whose mean reward is set to 0 after training (the reward's bias); none: no bias.",
            label = "FILE")
    public String demonstrations;
    @Help(value = "Longest prompt + response in tokens.")
    public int maxLength = 512;

    public RmConfig() {
        learningRate = 2e-5;
    }

    @Override
    public void validate() {
        super.validate();
        check(maxLength >= 2, "max_length", "must be at least 2", maxLength);
    }
}
