package org.rlhf4j.tensor.ops;

import static org.rlhf4j.tensor.Kernels.F;
import static org.rlhf4j.tensor.Kernels.LANES;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import org.rlhf4j.tensor.Autograd;
import org.rlhf4j.tensor.Kernels;
import org.rlhf4j.tensor.Parallel;
import org.rlhf4j.tensor.Shapes;
import org.rlhf4j.tensor.Tensor;

/**
 * Per-token log-probabilities of chosen tokens, log softmax(logits / temperature)[token]: what
 * PPO's ratio and KL penalty are made of. The logits are divided by the sampling temperature
 * so that the log-probs describe the distribution the tokens were actually sampled from.
 */
public final class LogProbs {
    private LogProbs() {}

    /** out[i] = log softmax(logits[i] / temperature)[tokens[i]]; logits [N, V], out [N]. */
    public static Tensor gather(Tensor logits, int[] tokens, float temperature) {
        Shapes.require(logits.rank() == 2, "LogProbs.gather: logits must be [N, V], shape is "
                + Arrays.toString(logits.shape()));
        int n = logits.dim(0);
        int vocab = logits.dim(1);
        requireTokens("LogProbs.gather", tokens, n, vocab, temperature);
        float invT = 1f / temperature;
        float[] x = logits.data();
        float[] lse = new float[n];
        Tensor out = Tensor.zeros(n);
        float[] y = out.data();
        Parallel.forRange(n, Softmax.grain(vocab), (a, b) -> {
            for (int i = a; i < b; i++) {
                lse[i] = Softmax.logSumExp(x, i * vocab, vocab, invT);
                y[i] = x[i * vocab + tokens[i]] * invT - lse[i];
            }
        });
        if (Autograd.needsGrad(logits)) {
            Autograd.record(out, () -> {
                float[] g = out.grad();
                float[] dx = logits.gradBuffer();
                // d out[i] / d logits[i, j] = (onehot_j - softmax_j) / temperature
                Parallel.forRange(n, Softmax.grain(vocab), (a, b) -> {
                    for (int i = a; i < b; i++) {
                        int o = i * vocab;
                        float c = g[i] * invT;
                        Softmax.scaledExp(x, o, invT, lse[i], -c, dx, o, vocab, true);
                        dx[o + tokens[i]] += c;
                    }
                });
            });
        }
        return out;
    }

    /**
     * {@link #gather} of logits = hidden * weight^T (hidden [N, d], weight [V, d]) without ever
     * holding the [N, V] logits: computed and differentiated a chunk of rows at a time.
     */
    public static Tensor fromHidden(Tensor hidden, Tensor weight, int[] tokens, float temperature) {
        CrossEntropy.requireProjection("LogProbs.fromHidden", hidden, weight);
        int n = hidden.dim(0);
        int vocab = weight.dim(0);
        requireTokens("LogProbs.fromHidden", tokens, n, vocab, temperature);
        float invT = 1f / temperature;
        int[] rows = new int[n];
        Arrays.setAll(rows, i -> i);
        float[] lse = new float[n];
        Tensor out = Tensor.zeros(n);
        float[] y = out.data();
        LogitChunks.forward(hidden, weight, rows, (i, logits, off) -> {
            lse[i] = Softmax.logSumExp(logits, off, vocab, invT);
            y[i] = logits[off + tokens[i]] * invT - lse[i];
        });
        if (Autograd.needsGrad(hidden, weight)) {
            Autograd.record(out, () -> {
                float[] g = out.grad();
                LogitChunks.backward(hidden, weight, rows, (i, logits, off) -> {
                    float c = g[i] * invT;
                    Softmax.scaledExp(logits, off, invT, lse[i], -c, logits, off, vocab, false);
                    logits[off + tokens[i]] += c;
                });
            });
        }
        return out;
    }

    /**
     * Entropy of softmax(logits / temperature) per row, in nats; logits [N, V], out [N].
     * Forward only: the result is a diagnostic (PPO's entropy metric) and records no gradient.
     */
    public static Tensor entropy(Tensor logits, float temperature) {
        Shapes.require(logits.rank() == 2, "LogProbs.entropy: logits must be [N, V], shape is "
                + Arrays.toString(logits.shape()));
        Shapes.require(temperature > 0 && Float.isFinite(temperature),
                "LogProbs.entropy: temperature must be positive and finite, got " + temperature);
        int n = logits.dim(0);
        int vocab = logits.dim(1);
        float invT = 1f / temperature;
        float[] x = logits.data();
        Tensor out = Tensor.zeros(n);
        float[] h = out.data();
        Parallel.forRange(n, Softmax.grain(vocab), (a, b) -> {
            for (int i = a; i < b; i++) {
                h[i] = rowEntropy(x, i * vocab, vocab, invT);
            }
        });
        return out;
    }

    /** H = lse - sum_j p_j z_j with z = x / T and p = exp(z - lse); terms with p = 0 add nothing. */
    private static float rowEntropy(float[] x, int off, int n, float invT) {
        float lse = Softmax.logSumExp(x, off, n, invT);
        if (lse == Float.NEGATIVE_INFINITY) {
            return 0f;
        }
        FloatVector vt = FloatVector.broadcast(F, invT);
        FloatVector vs = FloatVector.broadcast(F, -lse);
        FloatVector acc = FloatVector.zero(F);
        int j = 0;
        for (int bound = F.loopBound(n); j < bound; j += LANES) {
            // p * (z - lse), so that -inf logits (p = 0) never meet a 0 * inf
            FloatVector shifted = FloatVector.fromArray(F, x, off + j).fma(vt, vs);
            FloatVector p = VectorMath.exp(shifted);
            acc = acc.add(p.mul(shifted), p.compare(VectorOperators.GT, 0f));
        }
        float sum = Kernels.sumLanes(acc);
        for (; j < n; j++) {
            float shifted = x[off + j] * invT - lse;
            float p = (float) Math.exp(shifted);
            if (p > 0) {
                sum += p * shifted;
            }
        }
        return -sum;
    }

    private static void requireTokens(String op, int[] tokens, int n, int vocab, float temperature) {
        Shapes.require(tokens.length == n, op + ": " + tokens.length + " tokens for " + n + " rows");
        Shapes.require(temperature > 0 && Float.isFinite(temperature),
                op + ": temperature must be positive and finite, got " + temperature);
        for (int i = 0; i < n; i++) {
            if (tokens[i] < 0 || tokens[i] >= vocab) {
                throw new IllegalArgumentException(op + ": token " + tokens[i] + " at row " + i
                        + " is outside the vocabulary [0, " + vocab + ")");
            }
        }
    }
}
