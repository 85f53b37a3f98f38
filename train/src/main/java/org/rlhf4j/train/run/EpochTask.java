package org.rlhf4j.train.run;

import java.util.Map;

/**
 * What a supervised trainer (pretrain, SFT, reward model) plugs into the {@link EpochLoop}: its
 * model, how many micro-batches an epoch has, the loss of one, and its validation.
 */
public interface EpochTask {
    /** Name shown on the progress bar, in messages and on the chart ("sft", "rm"...). */
    String name();

    RunModel model();

    int batchesPerEpoch();

    /**
     * Forward and backward of micro-batch {@code batch} of epoch {@code epoch}, the loss
     * multiplied by {@code scale} before backward. The data order must be a function of (seed,
     * epoch, batch) alone, so a resumed run sees the same batches.
     */
    OptimizerStep.Loss step(int epoch, int batch, float scale);

    /** Validation metrics, keys prefixed {@code eval/}; may be empty. Runs without gradients, dropout off. */
    Map<String, Double> validate();

    /** The metric whose best epoch becomes the final model; null: the last epoch's model is kept. */
    default RunFolder.Selection selection() {
        return null;
    }
}
