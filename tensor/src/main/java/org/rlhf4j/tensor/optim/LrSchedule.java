package org.rlhf4j.tensor.optim;

/**
 * A learning rate as a function of a step count. The shapes follow Hugging Face transformers'
 * {@code get_*_schedule_with_warmup}: during warmup the rate is {@code peak * step / warmupSteps}.
 * HF reads it at 0 for the first update, which then learns nothing; the trainers here read it at
 * the update's number, counting from 1 (see the train module's {@code OptimizerStep}).
 */
@FunctionalInterface
public interface LrSchedule {
    double lr(long step);

    /** Linear warmup to {@code peak}, then constant (the paper's PPO schedule). */
    static LrSchedule constantWithWarmup(double peak, long warmupSteps) {
        return step -> step < warmupSteps ? peak * step / warmupSteps : peak;
    }

    /**
     * Warmup, then a half cosine from {@code peak} down to {@code peak * floorFraction} at
     * {@code totalSteps}, constant after (SFT and RM in the paper decay to 10%: 0.1).
     */
    static LrSchedule cosine(double peak, long warmupSteps, long totalSteps, double floorFraction) {
        requireTotal(warmupSteps, totalSteps);
        double floor = peak * floorFraction;
        return step -> {
            if (step < warmupSteps) {
                return peak * step / warmupSteps;
            }
            double progress = Math.min(1.0, (double) (step - warmupSteps) / Math.max(1, totalSteps - warmupSteps));
            return floor + (peak - floor) * 0.5 * (1.0 + Math.cos(Math.PI * progress));
        };
    }

    /** Warmup, then a straight line from {@code peak} to 0 at {@code totalSteps}. */
    static LrSchedule linear(double peak, long warmupSteps, long totalSteps) {
        requireTotal(warmupSteps, totalSteps);
        return step -> {
            if (step < warmupSteps) {
                return peak * step / warmupSteps;
            }
            return peak * Math.max(0.0, (double) (totalSteps - step) / Math.max(1, totalSteps - warmupSteps));
        };
    }

    private static void requireTotal(long warmupSteps, long totalSteps) {
        if (warmupSteps < 0 || totalSteps < warmupSteps) {
            throw new IllegalArgumentException("schedule needs 0 <= warmupSteps <= totalSteps, got warmup "
                    + warmupSteps + ", total " + totalSteps);
        }
    }
}
