package org.rlhf4j.tensor.ops;

import java.util.Arrays;
import org.rlhf4j.tensor.Autograd;
import org.rlhf4j.tensor.Kernels;
import org.rlhf4j.tensor.Tensor;

/**
 * Splitting the last axis into consecutive parts. Models keep fused projections (q, k and v
 * in one weight, gate and up in another) so that one GEMM does the work of several; the
 * parts are then cut out of the product here.
 */
public final class Columns {
    private Columns() {}

    /**
     * x [..., sum(widths)] -> parts [..., widths[i]], copied. The gradient of each part is
     * added back into its own columns of x.
     */
    public static Tensor[] split(Tensor x, int... widths) {
        int cols = x.cols();
        int total = 0;
        for (int w : widths) {
            if (w <= 0) {
                throw new IllegalArgumentException("Columns.split: widths must be positive, got " + Arrays.toString(widths));
            }
            total += w;
        }
        if (x.rank() == 0 || total != cols) {
            throw new IllegalArgumentException("Columns.split: widths " + Arrays.toString(widths) + " sum to " + total
                    + " but x " + Arrays.toString(x.shape()) + " has " + cols + " columns");
        }
        int rows = x.rows();
        boolean grad = Autograd.needsGrad(x);
        Tensor[] parts = new Tensor[widths.length];
        int offset = 0;
        for (int p = 0; p < widths.length; p++) {
            int width = widths[p];
            int from = offset;
            int[] shape = x.shape();
            shape[shape.length - 1] = width;
            Tensor part = Tensor.zeros(shape);
            float[] src = x.data();
            float[] dst = part.data();
            Split.rows(rows, width, (r0, r1) -> {
                for (int r = r0; r < r1; r++) {
                    System.arraycopy(src, r * cols + from, dst, r * width, width);
                }
            });
            if (grad) {
                Autograd.record(part, () -> {
                    float[] g = part.grad();
                    float[] gx = x.gradBuffer();
                    Split.rows(rows, width, (r0, r1) -> {
                        for (int r = r0; r < r1; r++) {
                            Kernels.addInto(g, r * width, gx, r * cols + from, width);
                        }
                    });
                });
            }
            parts[p] = part;
            offset += width;
        }
        return parts;
    }
}
