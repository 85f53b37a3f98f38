package org.rlhf4j.tensor.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.rlhf4j.tensor.GradCheck;
import org.rlhf4j.tensor.Rng;
import org.rlhf4j.tensor.Tensor;

class SoftmaxTest {
    /** Rows of 37 columns: more than one vector of lanes plus a scalar tail. */
    private static Tensor input() {
        return new Rng(21).normal(0, 2, 3, 37).requiresGrad(true);
    }

    private static double[] referenceRow(float[] x, int off, int n) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < n; j++) {
            max = Math.max(max, x[off + j]);
        }
        double sum = 0;
        for (int j = 0; j < n; j++) {
            sum += Math.exp(x[off + j] - max);
        }
        double[] p = new double[n];
        for (int j = 0; j < n; j++) {
            p[j] = Math.exp(x[off + j] - max) / sum;
        }
        return p;
    }

    @Test
    void softmaxMatchesReferenceAndSumsToOne() {
        Tensor x = input();
        float[] y = Softmax.softmax(x).data();
        for (int r = 0; r < 3; r++) {
            double[] p = referenceRow(x.data(), r * 37, 37);
            double sum = 0;
            for (int j = 0; j < 37; j++) {
                assertEquals(p[j], y[r * 37 + j], 1e-6);
                sum += y[r * 37 + j];
            }
            assertEquals(1.0, sum, 1e-5);
        }
    }

    @Test
    void logSoftmaxMatchesReference() {
        Tensor x = input();
        float[] y = Softmax.logSoftmax(x).data();
        for (int r = 0; r < 3; r++) {
            double[] p = referenceRow(x.data(), r * 37, 37);
            for (int j = 0; j < 37; j++) {
                assertEquals(Math.log(p[j]), y[r * 37 + j], 1e-5);
            }
        }
    }

    @Test
    void largeLogitsDoNotOverflow() {
        Tensor x = Tensor.of(new float[] {1000f, 1001f, 999f, -1000f}, 1, 4);
        float[] p = Softmax.softmax(x).data();
        double z = 1 + Math.exp(1) + Math.exp(-1);
        assertEquals(1 / z, p[0], 1e-6);
        assertEquals(Math.exp(1) / z, p[1], 1e-6);
        assertEquals(0f, p[3]);
        // near 1000 a float step is 6e-5
        assertEquals(-Math.log(z) - 1, Softmax.logSoftmax(x).data()[2], 2e-4);
    }

    @Test
    void allNegativeInfinityRowGivesZerosNotNaN() {
        float ninf = Float.NEGATIVE_INFINITY;
        Tensor x = Tensor.of(new float[] {ninf, ninf, 0f, 1f}, 2, 2);
        float[] p = Softmax.softmax(x).data();
        assertEquals(0f, p[0]);
        assertEquals(0f, p[1]);
        assertEquals(1f, p[2] + p[3], 1e-6);
    }

    @Test
    void softmaxGradient() {
        GradCheck.check("softmax", in -> Softmax.softmax(in[0]), input());
    }

    @Test
    void logSoftmaxGradient() {
        GradCheck.check("logSoftmax", in -> Softmax.logSoftmax(in[0]), input());
    }

    @Test
    void rejectsScalar() {
        assertThrows(IllegalArgumentException.class, () -> Softmax.softmax(Tensor.scalar(1f)));
    }
}
