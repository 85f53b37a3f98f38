package org.rlhf4j.train.run;

import org.rlhf4j.tensor.optim.AdamW;

/**
 * What every trainer's optimisation loop needs.
 *
 * @param epochs                passes over the training data
 * @param learningRate          peak learning rate
 * @param warmupSteps           linear warmup from 0 (optimiser steps)
 * @param finalLrFraction       cosine decay ends at this fraction of the peak (the paper: 0.1)
 * @param gradientAccumulation  micro-batches per optimiser step
 * @param maxGradNorm           global-norm clipping (0: off)
 * @param checkpointEvery       optimiser steps between checkpoints (0: only at the end)
 * @param keepCheckpoints       how many checkpoints to keep
 * @param maxSteps              stop after this many optimiser steps in all (0: run every epoch)
 * @param seed                  data order, dropout masks and any initialisation
 * @param adam                  AdamW betas, eps and weight decay
 * @param selectMetric          null, or the validation metric whose best epoch becomes the final model
 * @param selectMaximum         whether larger values of it are better
 */
public record LoopSettings(int epochs, double learningRate, int warmupSteps, double finalLrFraction,
                           int gradientAccumulation, double maxGradNorm, int checkpointEvery, int keepCheckpoints,
                           long maxSteps, long seed, AdamW.Config adam, String selectMetric, boolean selectMaximum) {
    public LoopSettings {
        require(epochs >= 1, "epochs must be at least 1, got " + epochs);
        require(learningRate > 0, "learning rate must be positive, got " + learningRate);
        require(warmupSteps >= 0, "warmup steps must be >= 0, got " + warmupSteps);
        require(finalLrFraction >= 0 && finalLrFraction <= 1, "final LR fraction must be in [0, 1], got " + finalLrFraction);
        require(gradientAccumulation >= 1, "gradient accumulation must be at least 1, got " + gradientAccumulation);
        require(maxGradNorm >= 0, "max grad norm must be >= 0, got " + maxGradNorm);
        require(checkpointEvery >= 0, "checkpoint interval must be >= 0, got " + checkpointEvery);
        require(maxSteps >= 0, "max steps must be >= 0, got " + maxSteps);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
