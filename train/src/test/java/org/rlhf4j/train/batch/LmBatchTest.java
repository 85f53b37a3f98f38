package org.rlhf4j.train.batch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class LmBatchTest {
    private static final int X = LmBatch.IGNORE;

    @Test
    void targetsAreTheNextTokensWhereTheyCarryLossAndPaddingIsIgnored() {
        // prompt 5 6, response 7 8 (loss), then a shorter sequence padded on the right
        LmBatch b = LmBatch.of(List.of(new int[] {5, 6, 7, 8}, new int[] {9, 10}),
                List.of(new boolean[] {false, false, true, true}, new boolean[] {false, true}));
        assertEquals(4, b.seqLen());
        assertArrayEquals(new int[] {5, 6, 7, 8, 9, 10, 0, 0}, b.tokens());
        // position i predicts token i+1: the prompt's second token predicts the first response token
        assertArrayEquals(new int[] {X, 7, 8, X, 10, X, X, X}, b.targets());
        assertArrayEquals(new int[] {0, 1, 2, 3, 0, 1, 2, 3}, b.positions());
        assertArrayEquals(new int[] {3, 5}, b.lastTokenIndices());
        assertEquals(3, b.lossTokens());
    }

    @Test
    void epochOrderIsAPermutationFixedBySeedAndEpoch() {
        int[] a = EpochOrder.permutation(10, 7, 0);
        assertArrayEquals(a, EpochOrder.permutation(10, 7, 0));
        int[] sorted = a.clone();
        java.util.Arrays.sort(sorted);
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, sorted);
        assertEquals(false, java.util.Arrays.equals(a, EpochOrder.permutation(10, 7, 1)), "a new order each epoch");
        assertArrayEquals(new int[] {a[8], a[9]}, new EpochOrder(10, 4, 7).batch(0, 2));
    }
}
