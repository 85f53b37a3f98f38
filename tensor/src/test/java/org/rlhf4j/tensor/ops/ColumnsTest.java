package org.rlhf4j.tensor.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.rlhf4j.tensor.Autograd;
import org.rlhf4j.tensor.GradCheck;
import org.rlhf4j.tensor.Tensor;

class ColumnsTest {
    @Test
    void cutsConsecutiveColumnRanges() {
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, 2, 6);
        Tensor[] p = Columns.split(x, 1, 3, 2);
        assertArrayEquals(new float[] {1, 7}, p[0].data());
        assertArrayEquals(new float[] {2, 3, 4, 8, 9, 10}, p[1].data());
        assertArrayEquals(new float[] {5, 6, 11, 12}, p[2].data());
        assertArrayEquals(new int[] {2, 3}, p[1].shape());
    }

    @Test
    void gradientsReturnToTheirColumns() {
        Tensor x = Tensor.parameter("x", new float[8], 2, 4);
        Tensor[] p = Columns.split(x, 3, 1);
        Tensor both = Elementwise.add(Reductions.sum(p[0]), Elementwise.mulScalar(Reductions.sum(p[1]), 10f));
        both.backward();
        assertArrayEquals(new float[] {1, 1, 1, 10, 1, 1, 1, 10}, x.grad());
        Autograd.clearTape();
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        Tensor x = TestTensors.param("x", 3, -1, 1, 2, 3, 5);
        GradCheck.check("split", in -> {
            Tensor[] p = Columns.split(in[0], 2, 3);
            return Elementwise.add(Elementwise.mul(p[0], p[0]).reshape(-1),
                    Elementwise.mul(Columns.split(p[1], 2, 1)[0], p[0]).reshape(-1));
        }, x);
    }

    @Test
    void widthsThatDoNotAddUpAreRejected() {
        var e = assertThrows(IllegalArgumentException.class, () -> Columns.split(Tensor.zeros(2, 4), 3, 2));
        assertTrue(e.getMessage().contains("sum to 5"), e.getMessage());
    }
}
