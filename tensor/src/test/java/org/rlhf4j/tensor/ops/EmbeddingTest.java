package org.rlhf4j.tensor.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.rlhf4j.tensor.Autograd;
import org.rlhf4j.tensor.GradCheck;
import org.rlhf4j.tensor.Tensor;

class EmbeddingTest {
    private static Tensor table() {
        // V = 4 rows of d = 2: row v is (10v, 10v + 1)
        return Tensor.parameter("wte", new float[] {0, 1, 10, 11, 20, 21, 30, 31}, 4, 2);
    }

    @Test
    void gathersRowsIntoTheRequestedShape() {
        Tensor out = Embedding.lookup(table(), new int[] {3, 0, 2, 3, 1, 1}, 2, 3);
        assertArrayEquals(new int[] {2, 3, 2}, out.shape());
        assertArrayEquals(new float[] {30, 31, 0, 1, 20, 21, 30, 31, 10, 11, 10, 11}, out.data());
        assertArrayEquals(new int[] {2, 2}, Embedding.lookup(table(), new int[] {1, 2}).shape());
    }

    @Test
    void repeatedIdsAccumulateTheirGradients() {
        Tensor t = table();
        Tensor out = Embedding.lookup(t, new int[] {2, 0, 2, 2}, 4);
        Autograd.backward(out, new float[] {1, 2, 3, 4, 5, 6, 7, 8});
        // row 2 gets positions 0, 2, 3: (1+5+7, 2+6+8); row 0 gets position 1; rows 1 and 3 nothing
        assertArrayEquals(new float[] {3, 4, 0, 0, 13, 16, 0, 0}, t.grad());
        // a second backward adds on top
        Autograd.backward(Embedding.lookup(t, new int[] {3}), new float[] {1, 1});
        assertArrayEquals(new float[] {3, 4, 0, 0, 13, 16, 1, 1}, t.grad());
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        Tensor t = TestTensors.param("wte", 1, -1, 1, 5, 3);
        int[] ids = {4, 1, 1, 0, 4, 4};
        GradCheck.check("embedding", in -> Embedding.lookup(in[0], ids, 2, 3), t);
    }

    @Test
    void outOfRangeIdNamesTheIdAndTheVocabularySize() {
        var e = assertThrows(IllegalArgumentException.class, () -> Embedding.lookup(table(), new int[] {1, 7}));
        assertTrue(e.getMessage().contains("7") && e.getMessage().contains("V=4"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Embedding.lookup(table(), new int[] {-1}));
        e = assertThrows(IllegalArgumentException.class, () -> Embedding.lookup(table(), new int[] {1, 2, 3}, 2, 2));
        assertTrue(e.getMessage().contains("[2, 2]"), e.getMessage());
    }
}
