package org.rlhf4j.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class AutogradTest {
    @Test
    void reshapeSharesDataAndRoutesGradient() {
        Tensor x = Tensor.parameter("x", new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor y = x.reshape(3, -1);
        assertArrayEquals(new int[] {3, 2}, y.shape());
        Autograd.backward(y, new float[] {1, 2, 3, 4, 5, 6});
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, x.grad());
        // a second pass accumulates
        Tensor z = x.reshape(6);
        Autograd.backward(z, new float[] {1, 1, 1, 1, 1, 1});
        assertArrayEquals(new float[] {2, 3, 4, 5, 6, 7}, x.grad());
        x.zeroGrad();
        assertArrayEquals(new float[6], x.grad());
    }

    @Test
    void noGradRecordsNothing() {
        Tensor x = Tensor.parameter("x", new float[] {1, 2}, 2);
        int before = Autograd.tapeSize();
        try (var ignored = Autograd.noGrad()) {
            Tensor y = x.reshape(1, 2);
            assertFalse(y.requiresGrad());
        }
        assertEquals(before, Autograd.tapeSize());
        assertThrows(IllegalStateException.class, () -> Tensor.zeros(1).backward());
    }

    @Test
    void rngIsDeterministicForAnyThreadCount() {
        int saved = Parallel.threads();
        try {
            Parallel.setThreads(1);
            float[] one = new Rng(7).normal(0, 1, 100_000).data();
            Parallel.setThreads(2);
            float[] two = new Rng(7).normal(0, 1, 100_000).data();
            assertArrayEquals(one, two);
            double mean = 0;
            double sq = 0;
            for (float v : one) {
                mean += v;
                sq += v * v;
            }
            mean /= one.length;
            assertEquals(0, mean, 0.02);
            assertEquals(1, sq / one.length - mean * mean, 0.02);
        } finally {
            Parallel.setThreads(saved);
        }
        assertNull(Tensor.zeros(2).grad());
    }
}
