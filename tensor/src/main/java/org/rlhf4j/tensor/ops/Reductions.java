package org.rlhf4j.tensor.ops;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import org.rlhf4j.tensor.Autograd;
import org.rlhf4j.tensor.Kernels;
import org.rlhf4j.tensor.Parallel;
import org.rlhf4j.tensor.Shapes;
import org.rlhf4j.tensor.Tensor;

/**
 * Sums and means: of a whole tensor to a scalar, under a 0/1 mask (the per-token losses of
 * SFT and PPO), and over the last axis. Whole-tensor sums are cut into fixed-size chunks
 * whose partial sums are added in chunk order, so the result is the same for any thread count.
 */
public final class Reductions {
    private Reductions() {}

    /** Whole-tensor sums are split into chunks of this many elements, whatever the thread count. */
    private static final int CHUNK = 1 << 14;

    /** The sum of all elements, as a scalar tensor. */
    public static Tensor sum(Tensor x) {
        Tensor out = Tensor.scalar(total(x.data(), null));
        if (Autograd.needsGrad(x)) {
            Autograd.record(out, () -> addConstant(out.grad()[0], x.gradBuffer()));
        }
        return out;
    }

    /** The mean of all elements, as a scalar tensor (NaN for an empty tensor). */
    public static Tensor mean(Tensor x) {
        int n = x.size();
        Tensor out = Tensor.scalar(total(x.data(), null) / n);
        if (Autograd.needsGrad(x)) {
            Autograd.record(out, () -> addConstant(out.grad()[0] / n, x.gradBuffer()));
        }
        return out;
    }

    /** sum(x * mask) for a mask of 0s and 1s shaped like x; the mask gets no gradient. */
    public static Tensor maskedSum(Tensor x, Tensor mask) {
        Shapes.requireSame("maskedSum(x, mask)", x, mask);
        Tensor out = Tensor.scalar(total(x.data(), mask.data()));
        if (Autograd.needsGrad(x)) {
            Autograd.record(out, () -> Kernels.axpy(out.grad()[0], mask.data(), 0, x.gradBuffer(), 0, x.size()));
        }
        return out;
    }

    /**
     * sum(x * mask) / sum(mask): the mean over the positions the mask selects; the mask gets
     * no gradient. An all-zero mask gives 0 with zero gradient rather than 0/0 = NaN, so an
     * empty selection cannot poison a training run.
     */
    public static Tensor maskedMean(Tensor x, Tensor mask) {
        Shapes.requireSame("maskedMean(x, mask)", x, mask);
        float count = total(mask.data(), null);
        float scale = count == 0f ? 0f : 1f / count;
        Tensor out = Tensor.scalar(total(x.data(), mask.data()) * scale);
        if (Autograd.needsGrad(x)) {
            Autograd.record(out, () -> Kernels.axpy(out.grad()[0] * scale, mask.data(), 0, x.gradBuffer(), 0, x.size()));
        }
        return out;
    }

    /** Sums over the last axis: [..., n] gives [...] (a rank-1 input gives a scalar). */
    public static Tensor sumLastAxis(Tensor x) {
        return reduceLastAxis(x, false);
    }

    /** Means over the last axis: [..., n] gives [...]. */
    public static Tensor meanLastAxis(Tensor x) {
        return reduceLastAxis(x, true);
    }

    private static Tensor reduceLastAxis(Tensor x, boolean mean) {
        if (x.rank() == 0) {
            throw new IllegalArgumentException((mean ? "meanLastAxis" : "sumLastAxis") + ": x is a scalar, it has no last axis");
        }
        int rows = x.rows();
        int n = x.cols();
        float scale = mean ? 1f / n : 1f;
        Tensor out = Tensor.zeros(Arrays.copyOf(x.shape(), x.rank() - 1));
        float[] xd = x.data();
        float[] od = out.data();
        Split.rows(rows, n, (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                od[r] = Kernels.sum(xd, r * n, n) * scale;
            }
        });
        if (Autograd.needsGrad(x)) {
            Autograd.record(out, () -> {
                float[] dout = out.grad();
                float[] dx = x.gradBuffer();
                Split.rows(rows, n, (r0, r1) -> {
                    for (int r = r0; r < r1; r++) {
                        addConstant(dout[r] * scale, dx, r * n, n);
                    }
                });
            });
        }
        return out;
    }

    /**
     * dst[c] += the sum over rows of src[r, c] for a [rows, cols] matrix: the gradient of a
     * bias broadcast over rows. Split over columns so each sum runs in row order on one thread.
     */
    static void addColumnSums(float[] src, int rows, int cols, float[] dst) {
        Split.columns(rows, cols, (c0, c1) -> {
            for (int r = 0; r < rows; r++) {
                Kernels.addInto(src, r * cols + c0, dst, c0, c1 - c0);
            }
        });
    }

    /** Sum of x (times mask when given) in fixed-size chunks, partial sums added in order in double. */
    private static float total(float[] x, float[] mask) {
        int chunks = (x.length + CHUNK - 1) / CHUNK;
        float[] partial = new float[chunks];
        Parallel.forRange(chunks, 1, (k0, k1) -> {
            for (int k = k0; k < k1; k++) {
                int from = k * CHUNK;
                int len = Math.min(CHUNK, x.length - from);
                partial[k] = mask == null ? Kernels.sum(x, from, len) : Kernels.dot(x, from, mask, from, len);
            }
        });
        double s = 0;
        for (float p : partial) {
            s += p;
        }
        return (float) s;
    }

    private static void addConstant(float value, float[] dst) {
        Split.elements(dst.length, (from, to) -> addConstant(value, dst, from, to - from));
    }

    /** dst[off, off+n) += value. */
    static void addConstant(float value, float[] dst, int off, int n) {
        FloatVector v = FloatVector.broadcast(Kernels.F, value);
        int i = 0;
        for (int bound = Kernels.F.loopBound(n); i < bound; i += Kernels.LANES) {
            FloatVector.fromArray(Kernels.F, dst, off + i).add(v).intoArray(dst, off + i);
        }
        for (; i < n; i++) {
            dst[off + i] += value;
        }
    }
}
