package org.rlhf4j.tensor.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rlhf4j.tensor.ops.TestTensors.param;

import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;
import org.rlhf4j.tensor.GradCheck;
import org.rlhf4j.tensor.Kernels;
import org.rlhf4j.tensor.Parallel;
import org.rlhf4j.tensor.Tensor;

class ActivationsTest {
    @Test
    void geluMatchesGpt2Values() {
        // gelu_new(x) = 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))
        float[] x = {1f, -1f, 0f, 2.5f, -4f};
        float[] y = Activations.gelu(Tensor.of(x, 5)).data();
        assertEquals(0.8411920f, y[0], 1e-6f);
        assertEquals(-0.1588080f, y[1], 1e-6f);
        assertEquals(0f, y[2], 0f);
        for (int i = 3; i < 5; i++) {
            double u = Math.sqrt(2 / Math.PI) * (x[i] + 0.044715 * x[i] * x[i] * x[i]);
            assertEquals(0.5 * x[i] * (1 + Math.tanh(u)), y[i], 1e-6);
        }
    }

    @Test
    void siluAndSwigluValues() {
        float[] y = Activations.silu(Tensor.of(new float[] {1f, -2f, 0f}, 3)).data();
        assertArrayEquals(new float[] {0.7310586f, -0.2384058f, 0f}, y, 1e-6f);
        Tensor gate = Tensor.of(new float[] {1f, -2f}, 2);
        Tensor up = Tensor.of(new float[] {3f, 0.5f}, 2);
        assertArrayEquals(new float[] {3 * 0.7310586f, 0.5f * -0.2384058f}, Activations.swiglu(gate, up).data(), 1e-6f);
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        GradCheck.check("gelu", in -> Activations.gelu(in[0]), param("x", 1, -3, 3, 3, 5));
        GradCheck.check("silu", in -> Activations.silu(in[0]), param("x", 2, -3, 3, 3, 5));
        GradCheck.check("swiglu", in -> Activations.swiglu(in[0], in[1]),
                param("gate", 3, -3, 3, 3, 5), param("up", 4, -2, 2, 3, 5));
    }

    @Test
    void vectorExpIsWithinTwoUlpsOfMathExp() {
        float[] x = new float[4096];
        for (int i = 0; i < x.length; i++) {
            x[i] = -87f + 175f * i / (x.length - 1); // [-87, 88]
        }
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i += Kernels.LANES) {
            VectorMath.exp(FloatVector.fromArray(Kernels.F, x, i)).intoArray(y, i);
        }
        for (int i = 0; i < x.length; i++) {
            float expected = (float) Math.exp(x[i]);
            assertTrue(Math.abs(y[i] - expected) <= 2 * Math.ulp(expected), "exp(" + x[i] + ") = " + y[i] + ", expected " + expected);
        }
        float[] tails = new float[Kernels.LANES];
        tails[0] = 100f;
        tails[1] = -100f;
        float[] out = new float[tails.length];
        VectorMath.exp(FloatVector.fromArray(Kernels.F, tails, 0)).intoArray(out, 0);
        assertEquals(Float.POSITIVE_INFINITY, out[0]);
        assertEquals(0f, out[1]);
        VectorMath.sigmoid(FloatVector.fromArray(Kernels.F, tails, 0)).intoArray(out, 0);
        assertEquals(1f, out[0]);
        assertEquals(0f, out[1]);
    }

    @Test
    void geluIsBitIdenticalForOneAndTwoThreads() {
        int saved = Parallel.threads();
        try {
            Tensor x = TestTensors.constant(5, -5, 5, 100_003); // a length that is no multiple of the lanes
            Parallel.setThreads(1);
            float[] one = Activations.gelu(x).data();
            Parallel.setThreads(2);
            float[] two = Activations.gelu(x).data();
            assertArrayEquals(one, two);
        } finally {
            Parallel.setThreads(saved);
        }
    }
}
