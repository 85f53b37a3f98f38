package org.rlhf4j.tensor.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.rlhf4j.tensor.Autograd;
import org.rlhf4j.tensor.GradCheck;
import org.rlhf4j.tensor.Rng;
import org.rlhf4j.tensor.Tensor;

class DropoutTest {
    @Test
    void identityWhenNotTrainingOrPIsZero() {
        Tensor x = TestTensors.param("x", 1, -1, 1, 4, 4);
        int tape = Autograd.tapeSize();
        Rng rng = new Rng(3);
        assertSame(x, Dropout.apply(x, 0.5f, rng, false));
        assertSame(x, Dropout.apply(x, 0f, rng, true));
        assertEquals(tape, Autograd.tapeSize());
        assertEquals(0, rng.counter(), "no random numbers drawn");
    }

    @Test
    void sameSeedGivesSameMaskAndNextCallAnother() {
        Tensor x = Tensor.full(1f, 1000);
        float[] a = Dropout.apply(x, 0.5f, new Rng(42), true).data();
        float[] b = Dropout.apply(x, 0.5f, new Rng(42), true).data();
        assertArrayEquals(a, b);
        Rng rng = new Rng(42);
        Dropout.apply(x, 0.5f, rng, true);
        assertEquals(1000, rng.counter());
        assertFalse(Arrays.equals(a, Dropout.apply(x, 0.5f, rng, true).data()));
    }

    @Test
    void keepsOneMinusPOfABigTensorScaledByOneOverOneMinusP() {
        float p = 0.1f;
        Tensor x = Tensor.full(2f, 1000, 1000);
        float[] y = Dropout.apply(x, p, new Rng(7), true).data();
        int kept = 0;
        for (float v : y) {
            if (v != 0f) {
                kept++;
                assertEquals(2f / (1 - p), v, 1e-6f);
            }
        }
        // 1e6 Bernoulli(0.9) draws: standard deviation of the rate is 3e-4
        assertEquals(1 - p, kept / 1e6, 0.002);
    }

    @Test
    void gradientIsTheMaskTimesTheScale() {
        Tensor x = Tensor.parameter("x", new float[1000], 1000);
        Arrays.fill(x.data(), 1f);
        Tensor y = Dropout.apply(x, 0.25f, new Rng(9), true);
        Autograd.backward(y, TestTensors.ones(1000));
        assertArrayEquals(y.data(), x.grad()); // x = 1, so y holds exactly the mask times the scale
        assertTrue(y.requiresGrad());
        GradCheck.check("dropout", in -> Dropout.apply(in[0], 0.3f, new Rng(5), true), TestTensors.param("x", 2, -1, 1, 3, 5));
    }

    @Test
    void rejectsPOutsideZeroOne() {
        assertThrows(IllegalArgumentException.class, () -> Dropout.apply(Tensor.zeros(2), 1.5f, new Rng(1), true));
        assertThrows(IllegalArgumentException.class, () -> Dropout.apply(Tensor.zeros(2), -0.1f, new Rng(1), true));
    }
}
