package org.rlhf4j.train.run;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.rlhf4j.tensor.Rng;
import org.rlhf4j.tensor.Tensor;

/** What a trainer (pretrain, SFT, RM) plugs into the {@link TrainingLoop}. */
public interface TrainingTask {
    /** Result of one micro-batch: its loss, tokens processed, and other metrics to average into the log. */
    record MicroBatch(double loss, long tokens, Map<String, Double> metrics) {}

    /** Name shown on the progress bar and charts ("sft", "rm"...). */
    String name();

    int batchesPerEpoch();

    List<Tensor> parameters();

    /** Turns dropout on (with masks from {@code rng}) or off. */
    void train(boolean on, Rng rng);

    /**
     * Forward and backward of micro-batch {@code batch} of epoch {@code epoch}, the loss
     * multiplied by {@code scale} before backward (1 / accumulation). The data order must be a
     * function of (seed, epoch, batch) alone, so a resumed run sees the same batches.
     */
    MicroBatch step(int epoch, int batch, float scale);

    /** Validation metrics after an epoch, keys prefixed {@code val/}; may be empty. Runs in eval mode. */
    Map<String, Double> validate(int epoch);

    /** Saves the model as a Hugging Face folder, in the dtype the user asked for. */
    void save(Path dir);

    /** Saves the model for a checkpoint: as {@link #save} but always in F32, so a resume continues from the exact weights. */
    void saveExact(Path dir);

    /** Loads weights saved by {@link #save} into the model in place. */
    void load(Path dir);
}
