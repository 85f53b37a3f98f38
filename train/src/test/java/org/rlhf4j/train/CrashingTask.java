package org.rlhf4j.train;

import java.util.Map;
import org.rlhf4j.train.run.EpochTask;
import org.rlhf4j.train.run.OptimizerStep;

/** A task that dies on its n-th micro-batch, as a run killed mid-way would. */
final class CrashingTask implements EpochTask {
    private final EpochTask inner;
    private int remaining;

    CrashingTask(EpochTask inner, int crashAtMicroBatch) {
        this.inner = inner;
        this.remaining = crashAtMicroBatch;
    }

    @Override
    public OptimizerStep.Loss step(int epoch, int batch, float scale) {
        if (--remaining == 0) {
            throw new IllegalStateException("simulated crash");
        }
        return inner.step(epoch, batch, scale);
    }

    @Override public Plan plan() { return inner.plan(); }
    @Override public Map<String, Double> validate() { return inner.validate(); }
}
