package org.rlhf4j.train;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.rlhf4j.tensor.Rng;
import org.rlhf4j.tensor.Tensor;
import org.rlhf4j.train.run.TrainingTask;

/** A task that dies on its n-th micro-batch, as a run killed mid-way would. */
final class CrashingTask implements TrainingTask {
    private final TrainingTask inner;
    private int remaining;

    CrashingTask(TrainingTask inner, int crashAtMicroBatch) {
        this.inner = inner;
        this.remaining = crashAtMicroBatch;
    }

    @Override
    public MicroBatch step(int epoch, int batch, float scale) {
        if (--remaining == 0) {
            throw new IllegalStateException("simulated crash");
        }
        return inner.step(epoch, batch, scale);
    }

    @Override public String name() { return inner.name(); }
    @Override public int batchesPerEpoch() { return inner.batchesPerEpoch(); }
    @Override public List<Tensor> parameters() { return inner.parameters(); }
    @Override public void train(boolean on, Rng rng) { inner.train(on, rng); }
    @Override public Map<String, Double> validate(int epoch) { return inner.validate(epoch); }
    @Override public void save(Path dir) { inner.save(dir); }
    @Override public void saveExact(Path dir) { inner.saveExact(dir); }
    @Override public void load(Path dir) { inner.load(dir); }
}
