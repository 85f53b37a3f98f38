package org.rlhf4j.train.ppo;

/**
 * The KL coefficient of Ziegler et al. (2019), as lm-human-preferences implements it: after each
 * batch, {@code beta *= 1 + clip(kl / target - 1, -0.2, 0.2) * nSteps / horizon}, so beta rises
 * while the policy drifts further than the target KL from the reference and falls while it
 * stays closer. The state is one number, which a checkpoint keeps.
 */
public final class AdaptiveKlController {
    private final double target;
    private final double horizon;
    private double beta;

    public AdaptiveKlController(double initialBeta, double target, double horizon) {
        if (!(initialBeta > 0) || !(target > 0) || !(horizon > 0)) {
            throw new IllegalArgumentException("adaptive KL needs beta, target and horizon > 0, got " + initialBeta + ", "
                    + target + ", " + horizon);
        }
        this.beta = initialBeta;
        this.target = target;
        this.horizon = horizon;
    }

    public double beta() {
        return beta;
    }

    /** Restores the coefficient from a checkpoint. */
    public void beta(double value) {
        this.beta = value;
    }

    /** Updates beta after a batch of {@code nSteps} episodes whose mean KL to the reference was {@code kl}. */
    public void update(double kl, long nSteps) {
        double error = Math.max(-0.2, Math.min(0.2, kl / target - 1));
        beta *= 1 + error * nSteps / horizon;
    }
}
