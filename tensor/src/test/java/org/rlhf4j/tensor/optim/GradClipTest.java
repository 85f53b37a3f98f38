package org.rlhf4j.tensor.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.rlhf4j.tensor.Tensor;

class GradClipTest {
    @Test
    void clipsToTheMaximumNormAcrossAllParameters() {
        Tensor a = Tensor.parameter("a", new float[2], 2);
        Tensor b = Tensor.parameter("b", new float[1], 1);
        Tensor untouched = Tensor.parameter("c", new float[1], 1);
        a.gradBuffer()[0] = 3f;
        a.gradBuffer()[1] = 0f;
        b.gradBuffer()[0] = 4f;
        double norm = GradClip.clipGlobalNorm(List.of(a, b, untouched), 1.0);
        assertEquals(5.0, norm, 1e-12);
        double coef = 1.0 / (5.0 + 1e-6);
        assertArrayEquals(new float[] {(float) (3 * coef), 0f}, a.grad(), 1e-6f);
        assertEquals(4 * coef, b.grad()[0], 1e-6);
        assertEquals(1.0, GradClip.globalNorm(List.of(a, b)), 1e-5);
    }

    @Test
    void leavesSmallGradientsAlone() {
        Tensor a = Tensor.parameter("a", new float[2], 2);
        a.gradBuffer()[0] = 0.3f;
        a.gradBuffer()[1] = 0.4f;
        assertEquals(0.5, GradClip.clipGlobalNorm(List.of(a), 1.0), 1e-6);
        assertArrayEquals(new float[] {0.3f, 0.4f}, a.grad());
    }
}
