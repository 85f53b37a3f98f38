package org.rlhf4j.train.run;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.rlhf4j.tensor.Autograd;
import org.rlhf4j.tensor.Tensor;
import org.rlhf4j.tensor.optim.AdamW;
import org.rlhf4j.tensor.optim.GradClip;
import org.rlhf4j.tensor.optim.LrSchedule;
import org.rlhf4j.tensor.ops.Elementwise;
import org.rlhf4j.train.config.TrainingConfig;

/**
 * One optimizer update, as every trainer makes it: zero the gradients, run the micro-batches
 * (each a forward and a backward of its loss times 1/n, so the gradients add up to the mean),
 * clear the tape, clip the global gradient norm (stopping on a non-finite norm or loss), take
 * the learning rate from the schedule, and apply AdamW. Pretrain, SFT and the reward model call
 * it once per step of their epoch loop; PPO once per minibatch.
 */
public final class OptimizerStep {
    /** What one micro-batch reports: its loss (before scaling), tokens processed, and metrics to average. */
    public record Loss(double value, long tokens, Map<String, Double> metrics) {
        public static Loss of(double value, long tokens) {
            return new Loss(value, tokens, Map.of());
        }
    }

    /** Forward and backward of micro-batch {@code index} with its loss multiplied by {@code scale}. */
    @FunctionalInterface
    public interface MicroBatch {
        Loss run(int index, float scale);
    }

    /** One update's figures: mean loss and metrics over its micro-batches, gradient norm before clipping, rate used. */
    public record Result(double loss, Map<String, Double> metrics, double gradNorm, double lr, long tokens) {}

    private final String name;
    private final List<Tensor> params;
    private final AdamW optimizer;
    private final LrSchedule schedule;
    private final double maxGradNorm;
    private final String onFailure;

    /**
     * @param totalSteps the run's length in updates (for the schedule)
     * @param onFailure  appended to a non-finite loss or gradient error, e.g. where the last checkpoint is
     */
    public OptimizerStep(String name, List<Tensor> params, TrainingConfig c, long totalSteps, String onFailure,
                         PrintStream log) {
        this.name = name;
        this.params = List.copyOf(params);
        this.optimizer = new AdamW(params, c.adam());
        this.schedule = c.schedule(totalSteps);
        this.maxGradNorm = c.maxGradNorm;
        this.onFailure = onFailure;
        if (c.warmupSteps > totalSteps) {
            log.println(name + ": warmup shortened to the run's " + totalSteps + " steps");
        }
    }

    /** The backward a micro-batch runs: of {@code loss * scale}, scale being 1 / micro-batches of the step. */
    public static void backward(Tensor loss, float scale) {
        (scale == 1f ? loss : Elementwise.mulScalar(loss, scale)).backward();
    }

    public AdamW optimizer() {
        return optimizer;
    }

    /**
     * Update {@code step + 1} (counting from 1). The schedule is read at {@code step + 1}, so the
     * first update of a warmup already learns (a schedule read at 0 gives it rate 0) and the
     * last of a cosine run uses exactly the final rate.
     *
     * @param where describes micro-batch i in an error message, e.g. "(epoch 1, batch 3)"
     */
    public Result run(long step, int microBatches, MicroBatch body, IntFunction<String> where) {
        optimizer.zeroGrad();
        double loss = 0;
        long tokens = 0;
        Map<String, Double> metrics = new LinkedHashMap<>();
        for (int i = 0; i < microBatches; i++) {
            Loss l = body.run(i, 1f / microBatches);
            if (!Double.isFinite(l.value())) {
                Autograd.clearTape();
                throw new TrainingException(name + ": loss is " + l.value() + " at step " + (step + 1) + " "
                        + where.apply(i) + "; lower the learning rate or check the data. " + onFailure);
            }
            loss += l.value() / microBatches;
            tokens += l.tokens();
            l.metrics().forEach((k, v) -> metrics.merge(k, v / microBatches, Double::sum));
        }
        Autograd.clearTape();
        double norm = maxGradNorm > 0 ? GradClip.clipGlobalNorm(params, maxGradNorm) : GradClip.globalNorm(params);
        if (!Double.isFinite(norm)) {
            throw new TrainingException(name + ": gradient norm is " + norm + " at step " + (step + 1) + ". " + onFailure);
        }
        double lr = schedule.lr(step + 1);
        optimizer.step(lr);
        return new Result(loss, metrics, norm, lr, tokens);
    }
}
