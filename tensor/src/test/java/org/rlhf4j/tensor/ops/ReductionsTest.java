package org.rlhf4j.tensor.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.rlhf4j.tensor.ops.TestTensors.param;

import org.junit.jupiter.api.Test;
import org.rlhf4j.tensor.Autograd;
import org.rlhf4j.tensor.GradCheck;
import org.rlhf4j.tensor.Parallel;
import org.rlhf4j.tensor.Tensor;

class ReductionsTest {
    private static final float[] MASK = {1, 1, 0, 1, 0, 0};

    @Test
    void sumsAndMeansOfHandPickedValues() {
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor mask = Tensor.of(MASK, 2, 3);
        assertEquals(21f, Reductions.sum(x).item());
        assertEquals(3.5f, Reductions.mean(x).item());
        assertEquals(0, Reductions.sum(x).rank());
        assertEquals(7f, Reductions.maskedSum(x, mask).item());
        assertEquals(7f / 3, Reductions.maskedMean(x, mask).item(), 1e-6f);
        assertEquals(0f, Reductions.maskedMean(x, Tensor.zeros(2, 3)).item(), "an empty mask gives 0, not NaN");
        Tensor rows = Reductions.sumLastAxis(x);
        assertArrayEquals(new int[] {2}, rows.shape());
        assertArrayEquals(new float[] {6, 15}, rows.data());
        assertArrayEquals(new float[] {2, 5}, Reductions.meanLastAxis(x).data());
        assertEquals(0, Reductions.sumLastAxis(Tensor.of(new float[] {1, 2}, 2)).rank());
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        Tensor mask = Tensor.of(new float[] {1, 0, 1, 1, 0, 1, 1, 1, 0, 0, 1, 0, 1, 1, 1}, 3, 5);
        GradCheck.check("sum", in -> Reductions.sum(in[0]), param("x", 1, -1, 1, 3, 5));
        GradCheck.check("mean", in -> Reductions.mean(in[0]), param("x", 2, -1, 1, 3, 5));
        GradCheck.check("maskedSum", in -> Reductions.maskedSum(in[0], mask), param("x", 3, -1, 1, 3, 5));
        GradCheck.check("maskedMean", in -> Reductions.maskedMean(in[0], mask), param("x", 4, -1, 1, 3, 5));
        GradCheck.check("sumLastAxis", in -> Reductions.sumLastAxis(in[0]), param("x", 5, -1, 1, 2, 3, 5));
        GradCheck.check("meanLastAxis", in -> Reductions.meanLastAxis(in[0]), param("x", 6, -1, 1, 2, 3, 5));
    }

    @Test
    void maskedMeanGradientIsMaskOverCount() {
        Tensor x = Tensor.parameter("x", new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Reductions.maskedMean(x, Tensor.of(MASK, 2, 3)).backward();
        float t = 1f / 3;
        assertArrayEquals(new float[] {t, t, 0, t, 0, 0}, x.grad(), 1e-7f);
        Autograd.clearTape();
    }

    @Test
    void wholeTensorSumIsBitIdenticalForOneAndTwoThreads() {
        int saved = Parallel.threads();
        try {
            Tensor x = TestTensors.constant(1, -1, 1, 300_001);
            Tensor mask = TestTensors.constant(2, 0, 1, 300_001);
            Parallel.setThreads(1);
            float one = Reductions.sum(x).item();
            float oneMasked = Reductions.maskedSum(x, mask).item();
            Parallel.setThreads(2);
            assertEquals(Float.floatToIntBits(one), Float.floatToIntBits(Reductions.sum(x).item()));
            assertEquals(Float.floatToIntBits(oneMasked), Float.floatToIntBits(Reductions.maskedSum(x, mask).item()));
        } finally {
            Parallel.setThreads(saved);
        }
    }

    @Test
    void maskShapeMustMatch() {
        assertThrows(IllegalArgumentException.class, () -> Reductions.maskedSum(Tensor.zeros(2, 3), Tensor.zeros(3, 2)));
        assertThrows(IllegalArgumentException.class, () -> Reductions.sumLastAxis(Tensor.scalar(1f)));
    }
}
