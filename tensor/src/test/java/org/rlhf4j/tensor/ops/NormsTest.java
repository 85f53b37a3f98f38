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

class NormsTest {
    @Test
    void layerNormOfOneTwoThree() {
        Tensor x = Tensor.of(new float[] {1, 2, 3}, 1, 3);
        Tensor gamma = Tensor.of(new float[] {1, 1, 1}, 3);
        // mean 2, variance 2/3: (x - 2) / sqrt(2/3) = (-1.2247449, 0, 1.2247449)
        assertArrayEquals(new float[] {-1.2247449f, 0, 1.2247449f}, Norms.layerNorm(x, gamma, null, 0f).data(), 1e-6f);
        Tensor g = Tensor.of(new float[] {2, 1, -1}, 3);
        Tensor b = Tensor.of(new float[] {0.5f, 0.5f, 0.5f}, 3);
        // eps = 1e-5: 1 / sqrt(2/3 + 1e-5) = 1.2247357
        float s = 1.2247357f;
        assertArrayEquals(new float[] {-2 * s + 0.5f, 0.5f, -s + 0.5f}, Norms.layerNorm(x, g, b, 1e-5f).data(), 1e-6f);
    }

    @Test
    void rmsNormOfOneTwoThree() {
        Tensor x = Tensor.of(new float[] {1, 2, 3}, 3);
        Tensor gamma = Tensor.of(new float[] {1, 1, 2}, 3);
        // rms = sqrt(14 / 3) = 2.1602469
        float r = 2.1602469f;
        assertArrayEquals(new float[] {1 / r, 2 / r, 6 / r}, Norms.rmsNorm(x, gamma, 0f).data(), 1e-6f);
    }

    @Test
    void layerNormGradientsOfInputGammaAndBeta() {
        Tensor x = param("x", 1, -2, 2, 3, 5);
        Tensor gamma = param("gamma", 2, 0.5f, 1.5f, 5);
        Tensor beta = param("beta", 3, -1, 1, 5);
        GradCheck.check("layerNorm", in -> Norms.layerNorm(in[0], in[1], in[2], 1e-5f), x, gamma, beta);
        GradCheck.check("layerNorm without beta", in -> Norms.layerNorm(in[0], in[1], null, 1e-5f), x, gamma);
    }

    @Test
    void rmsNormGradientsOfInputAndGamma() {
        Tensor x = param("x", 4, -2, 2, 2, 3, 5);
        Tensor gamma = param("gamma", 5, 0.5f, 1.5f, 5);
        GradCheck.check("rmsNorm", in -> Norms.rmsNorm(in[0], in[1], 1e-6f), x, gamma);
    }

    @Test
    void layerNormIsBitIdenticalForOneAndTwoThreads() {
        int saved = Parallel.threads();
        try {
            float[][] one = layerNormForwardBackward(1);
            float[][] two = layerNormForwardBackward(2);
            for (int i = 0; i < one.length; i++) {
                assertArrayEquals(one[i], two[i], "array " + i);
            }
        } finally {
            Parallel.setThreads(saved);
        }
    }

    /** 512 rows of 256: the forward splits into 64-row ranges and the backward into 64-row chunks. */
    private static float[][] layerNormForwardBackward(int threads) {
        Parallel.setThreads(threads);
        Tensor x = param("x", 6, -3, 3, 512, 256);
        Tensor gamma = param("gamma", 7, 0.5f, 1.5f, 256);
        Tensor beta = param("beta", 8, -1, 1, 256);
        Tensor y = Norms.layerNorm(x, gamma, beta, 1e-5f);
        Autograd.backward(y, TestTensors.constant(9, -1, 1, 512, 256).data());
        return new float[][] {y.data(), x.grad(), gamma.grad(), beta.grad()};
    }

    @Test
    void parameterShapeMismatchIsReported() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Norms.layerNorm(Tensor.zeros(2, 4), Tensor.zeros(3), null, 1e-5f));
        assertTrue(e.getMessage().contains("layerNorm") && e.getMessage().contains("[2, 4]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Norms.rmsNorm(Tensor.zeros(2, 4), Tensor.zeros(4, 1), 1e-5f));
    }
}
