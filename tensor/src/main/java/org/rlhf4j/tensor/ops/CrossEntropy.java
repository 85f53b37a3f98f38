package org.rlhf4j.tensor.ops;

import java.util.Arrays;
import org.rlhf4j.tensor.Autograd;
import org.rlhf4j.tensor.Parallel;
import org.rlhf4j.tensor.Shapes;
import org.rlhf4j.tensor.Tensor;

/**
 * Mean next-token cross-entropy (negative log-likelihood) over the rows whose target is not
 * {@code ignoreIndex}: the SFT, pretraining and PPO-ptx loss. Prompt tokens and padding carry
 * the ignore index, so they neither count in the mean nor get a gradient. With no counted
 * row the loss is 0 and so is every gradient.
 *
 * <p>{@link #fromHidden} fuses the unembedding: it never holds more than a chunk of logits
 * (see {@link LogitChunks}), which is what makes a 50257-token vocabulary affordable.
 */
public final class CrossEntropy {
    private CrossEntropy() {}

    /** mean_i [ logsumexp(logits[i]) - logits[i, targets[i]] ] over rows with targets[i] != ignoreIndex. */
    public static Tensor fromLogits(Tensor logits, int[] targets, int ignoreIndex) {
        Shapes.require(logits.rank() == 2, "CrossEntropy.fromLogits: logits must be [N, V], shape is "
                + Arrays.toString(logits.shape()));
        int n = logits.dim(0);
        int vocab = logits.dim(1);
        int[] rows = countedRows("CrossEntropy.fromLogits", targets, n, vocab, ignoreIndex);
        float[] x = logits.data();
        float[] lse = new float[n];
        double[] nll = new double[n];
        Parallel.forRange(rows.length, Softmax.grain(vocab), (a, b) -> {
            for (int k = a; k < b; k++) {
                int i = rows[k];
                lse[i] = Softmax.logSumExp(x, i * vocab, vocab, 1f);
                nll[i] = lse[i] - x[i * vocab + targets[i]];
            }
        });
        Tensor out = Tensor.scalar(mean(nll, rows));
        if (Autograd.needsGrad(logits)) {
            // recorded even when no row counts, so a batch of only prompt tokens still runs backward
            Autograd.record(out, () -> {
                if (rows.length == 0) {
                    return;
                }
                float c = out.grad()[0] / rows.length;
                float[] dx = logits.gradBuffer();
                // d/dlogits = (softmax - onehot) / count
                Parallel.forRange(rows.length, Softmax.grain(vocab), (a, b) -> {
                    for (int k = a; k < b; k++) {
                        int i = rows[k];
                        int o = i * vocab;
                        Softmax.scaledExp(x, o, 1f, lse[i], c, dx, o, vocab, true);
                        dx[o + targets[i]] -= c;
                    }
                });
            });
        }
        return out;
    }

    /**
     * The same loss with logits = hidden * weight^T (hidden [N, d], weight [V, d], the HF
     * layout of an unembedding), computed and differentiated a chunk of rows at a time:
     * no [N, V] buffer exists in forward or backward.
     */
    public static Tensor fromHidden(Tensor hidden, Tensor weight, int[] targets, int ignoreIndex) {
        requireProjection("CrossEntropy.fromHidden", hidden, weight);
        int n = hidden.dim(0);
        int vocab = weight.dim(0);
        int[] rows = countedRows("CrossEntropy.fromHidden", targets, n, vocab, ignoreIndex);
        float[] lse = new float[n];
        double[] nll = new double[n];
        LogitChunks.forward(hidden, weight, rows, (i, logits, off) -> {
            lse[i] = Softmax.logSumExp(logits, off, vocab, 1f);
            nll[i] = lse[i] - logits[off + targets[i]];
        });
        Tensor out = Tensor.scalar(mean(nll, rows));
        if (Autograd.needsGrad(hidden, weight)) {
            Autograd.record(out, () -> {
                if (rows.length == 0) {
                    return;
                }
                float c = out.grad()[0] / rows.length;
                LogitChunks.backward(hidden, weight, rows, (i, logits, off) -> {
                    // the chunk's logits become (softmax - onehot) * upstream / count, in place
                    Softmax.scaledExp(logits, off, 1f, lse[i], c, logits, off, vocab, false);
                    logits[off + targets[i]] -= c;
                });
            });
        }
        return out;
    }

    private static float mean(double[] nll, int[] rows) {
        if (rows.length == 0) {
            return 0f;
        }
        double sum = 0;
        for (int i : rows) {
            sum += nll[i];
        }
        return (float) (sum / rows.length);
    }

    /** The rows that count (target != ignoreIndex), in order; checks every target. */
    private static int[] countedRows(String op, int[] targets, int n, int vocab, int ignoreIndex) {
        Shapes.require(targets.length == n, op + ": " + targets.length + " targets for " + n + " rows");
        int[] rows = new int[n];
        int count = 0;
        for (int i = 0; i < n; i++) {
            int t = targets[i];
            if (t == ignoreIndex) {
                continue;
            }
            if (t < 0 || t >= vocab) {
                throw new IllegalArgumentException(op + ": target " + t + " at row " + i + " is outside the vocabulary [0, "
                        + vocab + ") and is not the ignore index " + ignoreIndex);
            }
            rows[count++] = i;
        }
        return Arrays.copyOf(rows, count);
    }

    /** Checks hidden [N, d] against weight [V, d] for the fused ops. */
    static void requireProjection(String op, Tensor hidden, Tensor weight) {
        Shapes.require(hidden.rank() == 2 && weight.rank() == 2 && hidden.dim(1) == weight.dim(1),
                op + ": needs hidden [N, d] and weight [V, d], got " + Arrays.toString(hidden.shape())
                        + " and " + Arrays.toString(weight.shape()));
    }
}
