package org.rlhf4j.train.config;

import java.util.List;
import org.rlhf4j.train.run.LoopSettings;

/**
 * {@code rlhf4j pretrain}: causal LM training on text.
 *
 * @param model a Hugging Face model folder to train (a fresh one comes from {@code rlhf4j init})
 * @param data  .txt files or {"text"} JSONL files
 */
public record PretrainConfig(String model, List<String> data, String out, int blockLength, int batchSize, int epochs,
                             double learningRate, int warmupSteps, double finalLrFraction, int gradientAccumulation,
                             double maxGradNorm, double validationFraction, float residualDropout, int checkpointEvery,
                             int keepCheckpoints, long maxSteps, long seed, double weightDecay, String dtype,
                             boolean skipBadRecords) {
    public static PretrainConfig defaults() {
        return new PretrainConfig(null, List.of(), null, 256, 8, 1, 6e-4, 100, 0.1, 1, 1.0, 0.05, 0f, 500, 2, 0, 1,
                0.1, "f32", false);
    }

    public LoopSettings loop() {
        return TrainingOptions.loop(epochs, learningRate, warmupSteps, finalLrFraction, gradientAccumulation, maxGradNorm,
                checkpointEvery, keepCheckpoints, maxSteps, seed, weightDecay, null, false);
    }
}
