package org.rlhf4j.tensor.ops;

import java.util.Arrays;
import org.rlhf4j.tensor.Autograd;
import org.rlhf4j.tensor.Gemm;
import org.rlhf4j.tensor.Kernels;
import org.rlhf4j.tensor.Tensor;

/** Matrix products: the linear layer (weights stored [out, in], as Hugging Face does) and a plain 2-D matmul. */
public final class Linear {
    private Linear() {}

    /**
     * y = x W^T + b over the last axis: x [..., in], weight [out, in], bias [out] or null
     * gives y [..., out].
     */
    public static Tensor linear(Tensor x, Tensor weight, Tensor bias) {
        int rows = x.rows();
        int in = x.cols();
        if (x.rank() == 0 || weight.rank() != 2 || weight.dim(1) != in) {
            throw new IllegalArgumentException("linear: x " + Arrays.toString(x.shape()) + " does not fit weight "
                    + Arrays.toString(weight.shape()) + " (expected x [..., in] and weight [out, in])");
        }
        int out = weight.dim(0);
        if (bias != null && (bias.rank() != 1 || bias.dim(0) != out)) {
            throw new IllegalArgumentException("linear: bias " + Arrays.toString(bias.shape()) + " does not fit weight "
                    + Arrays.toString(weight.shape()) + " (expected bias [" + out + "])");
        }
        int[] outShape = x.shape();
        outShape[outShape.length - 1] = out;
        Tensor y = Tensor.zeros(outShape);
        float[] yd = y.data();
        Gemm.nt(rows, out, in, x.data(), weight.data(), yd, false);
        if (bias != null) {
            float[] b = bias.data();
            Split.rows(rows, out, (r0, r1) -> {
                for (int r = r0; r < r1; r++) {
                    Kernels.addInto(b, 0, yd, r * out, out);
                }
            });
        }
        if (Autograd.needsGrad(x, weight, bias)) {
            Autograd.record(y, () -> {
                float[] dy = y.grad();
                if (x.requiresGrad()) {
                    Gemm.nn(rows, in, out, dy, weight.data(), x.gradBuffer(), true);
                }
                if (weight.requiresGrad()) {
                    Gemm.tn(out, in, rows, dy, x.data(), weight.gradBuffer(), true);
                }
                if (bias != null && bias.requiresGrad()) {
                    Reductions.addColumnSums(dy, rows, out, bias.gradBuffer());
                }
            });
        }
        return y;
    }

    /** c = a b for a [m, k] and b [k, n]. */
    public static Tensor matmul(Tensor a, Tensor b) {
        if (a.rank() != 2 || b.rank() != 2 || a.dim(1) != b.dim(0)) {
            throw new IllegalArgumentException("matmul: shapes " + Arrays.toString(a.shape()) + " and "
                    + Arrays.toString(b.shape()) + " do not fit (expected [m, k] and [k, n])");
        }
        int m = a.dim(0);
        int k = a.dim(1);
        int n = b.dim(1);
        Tensor c = Tensor.zeros(m, n);
        Gemm.nn(m, n, k, a.data(), b.data(), c.data(), false);
        if (Autograd.needsGrad(a, b)) {
            Autograd.record(c, () -> {
                float[] dc = c.grad();
                if (a.requiresGrad()) {
                    Gemm.nt(m, k, n, dc, b.data(), a.gradBuffer(), true); // dA = dC B^T
                }
                if (b.requiresGrad()) {
                    Gemm.tn(k, n, m, a.data(), dc, b.gradBuffer(), true); // dB = A^T dC
                }
            });
        }
        return c;
    }
}
