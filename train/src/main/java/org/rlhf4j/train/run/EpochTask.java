package org.rlhf4j.train.run;

import java.util.Map;

/**
 * What a supervised trainer (pretrain, SFT, reward model) plugs into the {@link EpochLoop}: its
 * model, how many micro-batches an epoch has, the loss of one, and its validation.
 */
public interface EpochTask {
    /**
     * What the loop needs to know of a task besides its steps.
     *
     * @param name            shown on the progress bar, in messages and on the chart ("sft", "rm"...)
     * @param model           what the run trains, saves and resumes
     * @param batchesPerEpoch micro-batches in one pass over the training data
     * @param selection       the metric whose best epoch becomes the final model; null: the last epoch's model
     */
    record Plan(String name, RunModel model, int batchesPerEpoch, RunFolder.Selection selection) {}

    Plan plan();

    /**
     * Forward and backward of micro-batch {@code batch} of epoch {@code epoch}, the loss
     * multiplied by {@code scale} before backward. The data order must be a function of (seed,
     * epoch, batch) alone, so a resumed run sees the same batches.
     */
    OptimizerStep.Loss step(int epoch, int batch, float scale);

    /** Validation metrics, keys prefixed {@code eval/}; may be empty. Runs without gradients, dropout off. */
    Map<String, Double> validate();
}
