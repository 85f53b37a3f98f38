package org.rlhf4j.train.config;

import org.rlhf4j.tensor.optim.AdamW;
import org.rlhf4j.train.run.LoopSettings;

/** Helpers shared by the trainer configs. */
final class TrainingOptions {
    private TrainingOptions() {}

    static LoopSettings loop(int epochs, double lr, int warmup, double finalLrFraction, int accumulation, double maxGradNorm,
                             int checkpointEvery, int keep, long maxSteps, long seed, double weightDecay,
                             String selectMetric, boolean maximize) {
        return new LoopSettings(epochs, lr, warmup, finalLrFraction, accumulation, maxGradNorm, checkpointEvery, keep,
                maxSteps, seed, new AdamW.Config(0.9, 0.95, 1e-8, weightDecay), selectMetric, maximize);
    }
}
