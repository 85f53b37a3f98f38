package org.rlhf4j.tensor.ops;

import static org.rlhf4j.tensor.Kernels.F;
import static org.rlhf4j.tensor.Kernels.LANES;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import org.rlhf4j.tensor.Autograd;
import org.rlhf4j.tensor.Kernels;
import org.rlhf4j.tensor.Parallel;
import org.rlhf4j.tensor.Shapes;
import org.rlhf4j.tensor.Tensor;

/**
 * Softmax and log-softmax over the last axis, plus the row kernels (log-sum-exp, scaled
 * exponentials) that the cross-entropy, log-prob and attention ops share.
 *
 * <p>Every row is shifted by its maximum before exponentiating, so large logits never
 * overflow. A row that is entirely -inf has no distribution; softmax gives zeros for it
 * and log-softmax gives -inf, rather than NaN.
 */
public final class Softmax {
    private Softmax() {}

    /** softmax(x) over the last axis. */
    public static Tensor softmax(Tensor x) {
        Shapes.require(x.rank() >= 1 && x.cols() > 0, "softmax: needs at least one axis with elements, shape is "
                + Arrays.toString(x.shape()));
        int rows = x.rows();
        int n = x.cols();
        float[] xd = x.data();
        Tensor out = Tensor.zeros(x.shape());
        float[] y = out.data();
        Parallel.forRange(rows, grain(n), (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                int o = r * n;
                float max = Kernels.max(xd, o, n);
                if (max == Float.NEGATIVE_INFINITY) {
                    continue; // no distribution: leave zeros
                }
                float sum = scaledExp(xd, o, 1f, max, 1f, y, o, n, false);
                Kernels.scale(1f / sum, y, o, n);
            }
        });
        if (Autograd.needsGrad(x)) {
            Autograd.record(out, () -> {
                float[] dy = out.grad();
                float[] dx = x.gradBuffer();
                // dx = y * (dy - sum(dy * y))
                Parallel.forRange(rows, grain(n), (r0, r1) -> {
                    for (int r = r0; r < r1; r++) {
                        int o = r * n;
                        FloatVector c = FloatVector.broadcast(F, Kernels.dot(dy, o, y, o, n));
                        float cs = c.lane(0);
                        int j = 0;
                        for (int bound = F.loopBound(n); j < bound; j += LANES) {
                            FloatVector yv = FloatVector.fromArray(F, y, o + j);
                            FloatVector g = FloatVector.fromArray(F, dy, o + j).sub(c);
                            yv.fma(g, FloatVector.fromArray(F, dx, o + j)).intoArray(dx, o + j);
                        }
                        for (; j < n; j++) {
                            dx[o + j] += y[o + j] * (dy[o + j] - cs);
                        }
                    }
                });
            });
        }
        return out;
    }

    /** log(softmax(x)) over the last axis, computed as x - logsumexp(x). */
    public static Tensor logSoftmax(Tensor x) {
        Shapes.require(x.rank() >= 1 && x.cols() > 0, "logSoftmax: needs at least one axis with elements, shape is "
                + Arrays.toString(x.shape()));
        int rows = x.rows();
        int n = x.cols();
        float[] xd = x.data();
        Tensor out = Tensor.zeros(x.shape());
        float[] y = out.data();
        Parallel.forRange(rows, grain(n), (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                int o = r * n;
                float lse = logSumExp(xd, o, n, 1f);
                if (lse == Float.NEGATIVE_INFINITY) {
                    Arrays.fill(y, o, o + n, Float.NEGATIVE_INFINITY);
                    continue;
                }
                FloatVector shift = FloatVector.broadcast(F, lse);
                int j = 0;
                for (int bound = F.loopBound(n); j < bound; j += LANES) {
                    FloatVector.fromArray(F, xd, o + j).sub(shift).intoArray(y, o + j);
                }
                for (; j < n; j++) {
                    y[o + j] = xd[o + j] - lse;
                }
            }
        });
        if (Autograd.needsGrad(x)) {
            Autograd.record(out, () -> {
                float[] dy = out.grad();
                float[] dx = x.gradBuffer();
                // dx = dy - softmax * sum(dy), with softmax = exp(y)
                Parallel.forRange(rows, grain(n), (r0, r1) -> {
                    for (int r = r0; r < r1; r++) {
                        int o = r * n;
                        float total = Kernels.sum(dy, o, n);
                        Kernels.addInto(dy, o, dx, o, n);
                        scaledExp(y, o, 1f, 0f, -total, dx, o, n, true);
                    }
                });
            });
        }
        return out;
    }

    /** Rows per parallel part so that a part has a few thousand elements of work. */
    static int grain(int cols) {
        return Math.max(1, 4096 / Math.max(1, cols));
    }

    /**
     * log(sum_j exp(x[off+j] * invT)) over n elements, shifted by the maximum so it never
     * overflows; -inf when every element is -inf. {@code invT} (1 / temperature) must be positive.
     */
    static float logSumExp(float[] x, int off, int n, float invT) {
        float max = Kernels.max(x, off, n) * invT;
        if (max == Float.NEGATIVE_INFINITY) {
            return max;
        }
        FloatVector vt = FloatVector.broadcast(F, invT);
        FloatVector vs = FloatVector.broadcast(F, -max);
        FloatVector acc = FloatVector.zero(F);
        int j = 0;
        for (int bound = F.loopBound(n); j < bound; j += LANES) {
            acc = acc.add(VectorMath.exp(FloatVector.fromArray(F, x, off + j).fma(vt, vs)));
        }
        float sum = Kernels.sumLanes(acc);
        for (; j < n; j++) {
            sum += (float) Math.exp(x[off + j] * invT - max);
        }
        return max + (float) Math.log(sum);
    }

    /**
     * dst[d+j] = (or +=) scale * exp(x[xo+j] * invT - shift) for j in [0, n); returns the sum of
     * the exponentials before scaling. Works in place (x == dst, xo == d).
     */
    static float scaledExp(float[] x, int xo, float invT, float shift, float scale,
                           float[] dst, int d, int n, boolean accumulate) {
        FloatVector vt = FloatVector.broadcast(F, invT);
        FloatVector vs = FloatVector.broadcast(F, -shift);
        FloatVector vscale = FloatVector.broadcast(F, scale);
        FloatVector acc = FloatVector.zero(F);
        int j = 0;
        for (int bound = F.loopBound(n); j < bound; j += LANES) {
            FloatVector e = VectorMath.exp(FloatVector.fromArray(F, x, xo + j).fma(vt, vs));
            acc = acc.add(e);
            if (accumulate) {
                e.fma(vscale, FloatVector.fromArray(F, dst, d + j)).intoArray(dst, d + j);
            } else {
                e.mul(vscale).intoArray(dst, d + j);
            }
        }
        float sum = Kernels.sumLanes(acc);
        for (; j < n; j++) {
            float e = (float) Math.exp(x[xo + j] * invT - shift);
            sum += e;
            dst[d + j] = accumulate ? dst[d + j] + scale * e : scale * e;
        }
        return sum;
    }
}
