package org.rlhf4j.tensor.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rlhf4j.tensor.ops.TestTensors.param;

import org.junit.jupiter.api.Test;
import org.rlhf4j.tensor.Autograd;
import org.rlhf4j.tensor.GradCheck;
import org.rlhf4j.tensor.Parallel;
import org.rlhf4j.tensor.Tensor;

class LinearTest {
    @Test
    void linearForwardMatchesHandComputedValues() {
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor w = Tensor.of(new float[] {1, 0, -1, 0.5f, 0.5f, 0.5f}, 2, 3); // [out=2, in=3]
        Tensor b = Tensor.of(new float[] {10, -1}, 2);
        Tensor y = Linear.linear(x, w, b);
        assertArrayEquals(new int[] {2, 2}, y.shape());
        assertArrayEquals(new float[] {1 - 3 + 10, 3 - 1, 4 - 6 + 10, 7.5f - 1}, y.data(), 1e-6f);
        assertArrayEquals(new float[] {-2, 3, -2, 7.5f}, Linear.linear(x, w, null).data(), 1e-6f);
    }

    @Test
    void linearGradientsOfInputWeightAndBias() {
        Tensor x = param("x", 1, -1, 1, 2, 3, 4); // rank 3: [..., in]
        Tensor w = param("w", 2, -1, 1, 5, 4);
        Tensor b = param("b", 3, -1, 1, 5);
        GradCheck.check("linear", in -> Linear.linear(in[0], in[1], in[2]), x, w, b);
        GradCheck.check("linear without bias", in -> Linear.linear(in[0], in[1], null), x, w);
    }

    @Test
    void matmulForwardAndGradients() {
        Tensor a = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor b = Tensor.of(new float[] {1, 0, 0, 1, 1, 1}, 3, 2);
        assertArrayEquals(new float[] {4, 5, 10, 11}, Linear.matmul(a, b).data(), 1e-6f);
        GradCheck.check("matmul", in -> Linear.matmul(in[0], in[1]), param("a", 4, -1, 1, 3, 5), param("b", 5, -1, 1, 5, 2));
    }

    @Test
    void gradientsAccumulateAcrossUsesAndBackwardCalls() {
        Tensor x = param("x", 6, -1, 1, 3, 4);
        Tensor w = param("w", 7, -1, 1, 2, 4);
        Tensor b = param("b", 8, -1, 1, 2);
        Autograd.backward(Linear.linear(x, w, b), TestTensors.ones(6));
        float[] once = b.grad().clone();
        float[] weightOnce = w.grad().clone();
        float[] inputOnce = x.grad().clone();
        assertArrayEquals(new float[] {3, 3}, once, 0f);
        // Used twice in one graph, then a second backward: the bias gradient is 3 times one use.
        Tensor y = Elementwise.add(Linear.linear(x, w, b), Linear.linear(x, w, b));
        Autograd.backward(y, TestTensors.ones(6));
        assertArrayEquals(new float[] {9, 9}, b.grad(), 0f);
        assertArrayEquals(times(3, weightOnce), w.grad(), 1e-5f);
        assertArrayEquals(times(3, inputOnce), x.grad(), 1e-5f);
    }

    private static float[] times(float k, float[] a) {
        float[] r = a.clone();
        for (int i = 0; i < r.length; i++) {
            r[i] *= k;
        }
        return r;
    }

    @Test
    void biasAndWeightGradientsAreBitIdenticalForOneAndTwoThreads() {
        int saved = Parallel.threads();
        try {
            float[][] one = linearGrads(1);
            float[][] two = linearGrads(2);
            for (int i = 0; i < one.length; i++) {
                assertArrayEquals(one[i], two[i]);
            }
        } finally {
            Parallel.setThreads(saved);
        }
    }

    private static float[][] linearGrads(int threads) {
        Parallel.setThreads(threads);
        Tensor x = param("x", 9, -1, 1, 300, 64);
        Tensor w = param("w", 10, -1, 1, 200, 64);
        Tensor b = param("b", 11, -1, 1, 200);
        Tensor y = Linear.linear(x, w, b);
        Autograd.backward(y, TestTensors.constant(12, -1, 1, 300, 200).data());
        return new float[][] {y.data(), x.grad(), w.grad(), b.grad()};
    }

    @Test
    void shapeMismatchesNameTheOpAndShapes() {
        Tensor x = Tensor.zeros(2, 3);
        var e = assertThrows(IllegalArgumentException.class, () -> Linear.linear(x, Tensor.zeros(4, 5), null));
        assertTrue(e.getMessage().contains("linear") && e.getMessage().contains("[2, 3]") && e.getMessage().contains("[4, 5]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Linear.linear(x, Tensor.zeros(4, 3), Tensor.zeros(3)));
        assertTrue(e.getMessage().contains("bias"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Linear.matmul(x, Tensor.zeros(2, 3)));
        assertTrue(e.getMessage().contains("matmul") && e.getMessage().contains("[2, 3]"), e.getMessage());
    }
}
