package org.rlhf4j.train.config;

import java.util.List;
import org.rlhf4j.train.run.LoopSettings;

/**
 * {@code rlhf4j sft}: supervised fine-tuning on demonstrations. Defaults follow the paper
 * where they carry over (cosine decay to 10%, residual dropout 0.2).
 *
 * @param ptxData          pretraining files mixed in (empty: none)
 * @param ptxCoef          weight of the pretraining loss in the mix
 * @param rewardModel      a reward model folder: choose the final epoch by its score of greedy
 *                         completions of held-out prompts (the paper's rule); null: by validation loss
 * @param selectionPrompts how many held-out prompts that score uses
 */
public record SftConfig(String model, String data, String out, int maxLength, int batchSize, int epochs,
                        double learningRate, int warmupSteps, double finalLrFraction, int gradientAccumulation,
                        double maxGradNorm, float residualDropout, double validationFraction, List<String> ptxData,
                        double ptxCoef, String rewardModel, int selectionPrompts, int selectionMaxNewTokens,
                        int checkpointEvery, int keepCheckpoints, long maxSteps, long seed, double weightDecay, String dtype,
                        boolean skipBadRecords) {
    public static SftConfig defaults() {
        return new SftConfig(null, null, null, 512, 8, 2, 1e-4, 10, 0.1, 1, 1.0, 0.2f, 0.1, List.of(), 0.1, null, 64, 64,
                0, 2, 0, 1, 0.0, "f32", false);
    }

    public LoopSettings loop() {
        String select = rewardModel != null ? "val/rm_score" : validationFraction > 0 ? "val/loss" : null;
        return TrainingOptions.loop(epochs, learningRate, warmupSteps, finalLrFraction, gradientAccumulation, maxGradNorm,
                checkpointEvery, keepCheckpoints, maxSteps, seed, weightDecay, select, rewardModel != null);
    }
}
