package org.rlhf4j.train.config;

import org.rlhf4j.train.run.LoopSettings;

/**
 * {@code rlhf4j rm}: a reward model trained on K-wise comparisons, initialised from an SFT
 * model. The paper trains one epoch (more overfits) with cosine decay to 10%.
 *
 * @param batchSize      prompts per batch (each brings its K responses)
 * @param demonstrations demonstrations (JSONL) whose mean reward is set to 0 after training; null: no bias
 * @param residualDropout dropout while training (the starting model's own rates are replaced)
 */
public record RmConfig(String model, String data, String demonstrations, String out, int maxLength, int batchSize,
                       int epochs, double learningRate, int warmupSteps, double finalLrFraction, int gradientAccumulation,
                       double maxGradNorm, double validationFraction, int checkpointEvery, int keepCheckpoints,
                       long maxSteps, long seed, double weightDecay, String dtype, boolean skipBadRecords,
                       float residualDropout) {
    public static RmConfig defaults() {
        return new RmConfig(null, null, null, null, 512, 8, 1, 2e-5, 10, 0.1, 1, 1.0, 0.1, 0, 2, 0, 1, 0.0, "f32", false, 0f);
    }

    public LoopSettings loop() {
        return TrainingOptions.loop(epochs, learningRate, warmupSteps, finalLrFraction, gradientAccumulation, maxGradNorm,
                checkpointEvery, keepCheckpoints, maxSteps, seed, weightDecay, null, false);
    }
}
