package org.rlhf4j.train.ppo;

import java.util.Arrays;
import org.rlhf4j.tensor.Tensor;
import org.rlhf4j.tensor.ops.Elementwise;
import org.rlhf4j.tensor.ops.Reductions;

/**
 * The arithmetic of one PPO update for language models, as plain functions on one batch of
 * response tokens (flattened, padding left out), with the names and conventions of TRL's PPO
 * trainer and of the reference implementations (see RLHF-DETAILS in the project's notes):
 * <pre>
 *   reward_t    = -beta * (logp_t - ref_logp_t)   + score at the response's last token
 *   delta_t     = reward_t + gamma * V_{t+1} - V_t              (V after the last token: 0)
 *   A_t         = delta_t + gamma * lambda * A_{t+1}            (GAE),  return_t = A_t + V_t
 *   policy loss = mean(max(-A * ratio, -A * clip(ratio, 1 - eps, 1 + eps))),  ratio = exp(logp - old_logp)
 *   value loss  = 0.5 * mean(max((V - R)^2, (clip(V, V_old - eps_v, V_old + eps_v) - R)^2))
 * </pre>
 */
public final class PpoLosses {
    private PpoLosses() {}

    /**
     * The score a response is rewarded with: the reward model's, clipped to {@code [-clip, clip]}
     * when {@code clip > 0}, and replaced by {@code missingEosPenalty} when the response has no
     * EOS (the reference implementations' "EOS trick": a cut-off response must not collect the
     * reward of a finished one).
     */
    public static float score(float rewardModelScore, boolean endedWithEos, double missingEosPenalty, double clip) {
        if (!endedWithEos) {
            return (float) missingEosPenalty;
        }
        return clip > 0 ? (float) Math.max(-clip, Math.min(clip, rewardModelScore)) : rewardModelScore;
    }

    /**
     * Per-token rewards of one response: the KL penalty at every token, the score added at the last.
     *
     * @return the rewards and, separately, the KL penalty part ({@code objective/non_score_reward})
     */
    public static float[][] rewards(float[] logps, float[] refLogps, float score, double beta) {
        int n = logps.length;
        if (n == 0 || refLogps.length != n) {
            throw new IllegalArgumentException("a response of " + n + " tokens with " + refLogps.length + " reference log-probs");
        }
        float[] penalty = new float[n];
        float[] rewards = new float[n];
        for (int t = 0; t < n; t++) {
            penalty[t] = (float) (-beta * (logps[t] - refLogps[t]));
            rewards[t] = penalty[t];
        }
        rewards[n - 1] += score;
        return new float[][] {rewards, penalty};
    }

    /** Generalised advantage estimation over one response; returns {advantages, returns}. */
    public static float[][] gae(float[] rewards, float[] values, double gamma, double lambda) {
        int n = rewards.length;
        if (values.length != n) {
            throw new IllegalArgumentException(n + " rewards but " + values.length + " values");
        }
        float[] advantages = new float[n];
        float[] returns = new float[n];
        double last = 0;
        for (int t = n - 1; t >= 0; t--) {
            double next = t + 1 < n ? values[t + 1] : 0;
            double delta = rewards[t] + gamma * next - values[t];
            last = delta + gamma * lambda * last;
            advantages[t] = (float) last;
            returns[t] = (float) (last + values[t]);
        }
        return new float[][] {advantages, returns};
    }

    /**
     * Mean 0 and standard deviation 1 over all of {@code x} (the unbiased variance, as TRL);
     * with {@code shiftMean} false the mean is added back (reward whitening keeps its level).
     */
    public static float[] whiten(float[] x, boolean shiftMean) {
        int n = x.length;
        if (n < 2) {
            throw new IllegalArgumentException("whitening needs at least 2 values, got " + n);
        }
        double mean = 0;
        for (float v : x) {
            mean += v;
        }
        mean /= n;
        double var = 0;
        for (float v : x) {
            var += (v - mean) * (v - mean);
        }
        var /= n - 1;
        double scale = 1 / Math.sqrt(var + 1e-8);
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) ((x[i] - mean) * scale + (shiftMean ? 0 : mean));
        }
        return out;
    }

    /** A loss and the statistics TRL logs with it. */
    public record Result(Tensor loss, double clipFraction, double approxKl) {}

    /**
     * The clipped surrogate policy loss over response tokens.
     *
     * @param logps    the current policy's log-probs of the sampled tokens, [n], differentiable
     * @param oldLogps the log-probs at sampling time
     * @return the loss, the share of tokens where the clipped term was taken
     *         ({@code policy/clipfrac}) and {@code 0.5 * mean((logp - old)^2)} ({@code policy/approxkl})
     */
    public static Result policyLoss(Tensor logps, float[] oldLogps, float[] advantages, double clipRange) {
        int n = logps.size();
        check(n, oldLogps.length, advantages.length);
        Tensor ratio = Elementwise.exp(Elementwise.sub(logps, Tensor.of(oldLogps.clone(), n)));
        Tensor minusA = Tensor.of(negate(advantages), n);
        Tensor unclipped = Elementwise.mul(minusA, ratio);
        Tensor clipped = Elementwise.mul(minusA, Elementwise.clamp(ratio, (float) (1 - clipRange), (float) (1 + clipRange)));
        Tensor loss = Reductions.mean(Elementwise.max(unclipped, clipped));
        int clippedCount = 0;
        double kl = 0;
        for (int i = 0; i < n; i++) {
            clippedCount += clipped.data()[i] > unclipped.data()[i] ? 1 : 0;
            double diff = logps.data()[i] - oldLogps[i];
            kl += 0.5 * diff * diff;
        }
        return new Result(loss, (double) clippedCount / n, kl / n);
    }

    /**
     * The clipped value loss over response tokens: the new value may move at most
     * {@code clipRange} from the old one before the clipped error takes over.
     */
    public static Result valueLoss(Tensor values, float[] oldValues, float[] returns, double clipRange) {
        int n = values.size();
        check(n, oldValues.length, returns.length);
        Tensor old = Tensor.of(oldValues.clone(), n);
        Tensor target = Tensor.of(returns.clone(), n);
        Tensor lo = Elementwise.addScalar(old, (float) -clipRange);
        Tensor hi = Elementwise.addScalar(old, (float) clipRange);
        Tensor clippedValues = Elementwise.min(Elementwise.max(values, lo), hi);
        Tensor e1 = Elementwise.sub(values, target);
        Tensor e2 = Elementwise.sub(clippedValues, target);
        Tensor l1 = Elementwise.mul(e1, e1);
        Tensor l2 = Elementwise.mul(e2, e2);
        Tensor loss = Elementwise.mulScalar(Reductions.mean(Elementwise.max(l1, l2)), 0.5f);
        int clippedCount = 0;
        for (int i = 0; i < n; i++) {
            clippedCount += l2.data()[i] > l1.data()[i] ? 1 : 0;
        }
        return new Result(loss, (double) clippedCount / n, 0);
    }

    private static void check(int n, int old, int other) {
        if (n == 0 || old != n || other != n) {
            throw new IllegalArgumentException("token counts differ: " + n + ", " + old + ", " + other);
        }
    }

    private static float[] negate(float[] x) {
        float[] out = Arrays.copyOf(x, x.length);
        for (int i = 0; i < out.length; i++) {
            out[i] = -out[i];
        }
        return out;
    }
}
