package org.rlhf4j.tensor.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;
import org.rlhf4j.tensor.GradCheck;
import org.rlhf4j.tensor.Tensor;

class GatherTest {
    @Test
    void rowsAndElementsPickByIndex() {
        Tensor x = Tensor.of(new float[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, 2, 3, 2);
        assertArrayEquals(new float[] {10, 11, 2, 3, 2, 3}, Gather.rows(x, new int[] {5, 1, 1}).data());
        assertArrayEquals(new float[] {7, 0, 7}, Gather.elements(x, new int[] {7, 0, 7}).data());
    }

    @Test
    void gradientsAddBackToTheSourceIncludingRepeats() {
        Tensor x = TestTensors.param("x", 1, -1, 1, 3, 4, 2);
        GradCheck.check("gather rows", in -> Gather.rows(in[0], new int[] {11, 0, 3, 3}), x);
        GradCheck.check("gather elements", in -> Gather.elements(in[0], new int[] {23, 5, 5, 0}), x);
    }
}
