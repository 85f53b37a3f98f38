package org.rlhf4j.tensor.ops;

import static org.rlhf4j.tensor.Kernels.F;
import static org.rlhf4j.tensor.Kernels.LANES;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import org.rlhf4j.tensor.Autograd;
import org.rlhf4j.tensor.Parallel;
import org.rlhf4j.tensor.Shapes;
import org.rlhf4j.tensor.Tensor;

/**
 * Rotary position embedding (RoPE) in the Hugging Face convention ("rotate_half"): within a
 * head, element i is paired with element i + headDim/2 (not with its neighbour, as in the
 * original interleaved form), and the pair is rotated by the angle position * invFreq[i]:
 * <pre>
 *   out[i]        = x[i] * cos - x[i + half] * sin
 *   out[i + half] = x[i + half] * cos + x[i] * sin
 * </pre>
 * HF checkpoints (Llama, Qwen2, SmolLM) have their q/k projections permuted for this layout,
 * so using it keeps their weights usable as they are.
 */
public final class Rotary {
    private Rotary() {}

    /** cos and sin of position * invFreq[i], each [maxPositions, half] row-major. */
    public record Tables(float[] cos, float[] sin, int maxPositions, int half) {}

    /** invFreq[i] = theta^(-2i / headDim) for i in [0, headDim/2): the plain RoPE frequencies. */
    public static double[] inverseFrequencies(int headDim, double theta) {
        Shapes.require(headDim > 0 && headDim % 2 == 0, "Rotary.inverseFrequencies: headDim must be even and positive, got " + headDim);
        Shapes.require(theta > 0, "Rotary.inverseFrequencies: theta must be positive, got " + theta);
        double[] inv = new double[headDim / 2];
        for (int i = 0; i < inv.length; i++) {
            inv[i] = 1.0 / Math.pow(theta, 2.0 * i / headDim);
        }
        return inv;
    }

    /** The cos/sin tables for positions [0, maxPositions), angles computed in double. */
    public static Tables tables(double[] invFreq, int maxPositions) {
        Shapes.require(invFreq.length > 0 && maxPositions > 0, "Rotary.tables: needs frequencies and maxPositions > 0, got "
                + invFreq.length + " frequencies and maxPositions " + maxPositions);
        int half = invFreq.length;
        float[] cos = new float[maxPositions * half];
        float[] sin = new float[maxPositions * half];
        for (int p = 0; p < maxPositions; p++) {
            for (int i = 0; i < half; i++) {
                double angle = p * invFreq[i];
                cos[p * half + i] = (float) Math.cos(angle);
                sin[p * half + i] = (float) Math.sin(angle);
            }
        }
        return new Tables(cos, sin, maxPositions, half);
    }

    /**
     * Rotates every head of x ([..., nHeads * headDim], rows = batch * T) by its row's position:
     * positions[r] for row r, so left-padded prompts and KV-cache offsets each get their own.
     * The backward pass is the inverse rotation (the transpose of a rotation).
     */
    public static Tensor apply(Tensor x, int nHeads, int headDim, int[] positions, Tables tables) {
        Shapes.require(x.rank() >= 2 && x.cols() == nHeads * headDim, "Rotary.apply: x must be [batch, T, nHeads * headDim] = [.., "
                + nHeads + " * " + headDim + "], shape is " + Arrays.toString(x.shape()));
        Shapes.require(headDim == 2 * tables.half(), "Rotary.apply: headDim " + headDim + " does not match tables for headDim "
                + 2 * tables.half());
        int rows = x.rows();
        Shapes.require(positions.length == rows, "Rotary.apply: " + positions.length + " positions for " + rows
                + " rows of shape " + Arrays.toString(x.shape()));
        for (int r = 0; r < rows; r++) {
            if (positions[r] < 0 || positions[r] >= tables.maxPositions()) {
                throw new IllegalArgumentException("Rotary.apply: position " + positions[r] + " at row " + r
                        + " is outside the tables [0, " + tables.maxPositions() + ")");
            }
        }
        Tensor out = Tensor.zeros(x.shape());
        rotate(x.data(), out.data(), rows, nHeads, headDim, positions, tables, 1f, false);
        if (Autograd.needsGrad(x)) {
            Autograd.record(out, () ->
                    rotate(out.grad(), x.gradBuffer(), rows, nHeads, headDim, positions, tables, -1f, true));
        }
        return out;
    }

    /** dst (=|+=) rotation of src by +angle (sign 1) or -angle (sign -1). */
    private static void rotate(float[] src, float[] dst, int rows, int nHeads, int headDim, int[] positions,
                               Tables tables, float sign, boolean accumulate) {
        int half = headDim / 2;
        int width = nHeads * headDim;
        float[] cosT = tables.cos();
        float[] sinT = tables.sin();
        Parallel.forRange(rows, Softmax.grain(width), (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                int t = positions[r] * half;
                for (int h = 0; h < nHeads; h++) {
                    int a = r * width + h * headDim;
                    int b = a + half;
                    int i = 0;
                    for (int bound = F.loopBound(half); i < bound; i += LANES) {
                        FloatVector c = FloatVector.fromArray(F, cosT, t + i);
                        FloatVector s = FloatVector.fromArray(F, sinT, t + i).mul(sign);
                        FloatVector x1 = FloatVector.fromArray(F, src, a + i);
                        FloatVector x2 = FloatVector.fromArray(F, src, b + i);
                        FloatVector y1 = x1.mul(c).sub(x2.mul(s));
                        FloatVector y2 = x2.mul(c).add(x1.mul(s));
                        if (accumulate) {
                            y1 = y1.add(FloatVector.fromArray(F, dst, a + i));
                            y2 = y2.add(FloatVector.fromArray(F, dst, b + i));
                        }
                        y1.intoArray(dst, a + i);
                        y2.intoArray(dst, b + i);
                    }
                    for (; i < half; i++) {
                        float c = cosT[t + i];
                        float s = sign * sinT[t + i];
                        float x1 = src[a + i];
                        float x2 = src[b + i];
                        float y1 = x1 * c - x2 * s;
                        float y2 = x2 * c + x1 * s;
                        dst[a + i] = accumulate ? dst[a + i] + y1 : y1;
                        dst[b + i] = accumulate ? dst[b + i] + y2 : y2;
                    }
                }
            }
        });
    }
}
