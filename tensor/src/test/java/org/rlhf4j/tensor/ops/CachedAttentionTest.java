package org.rlhf4j.tensor.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.rlhf4j.tensor.Autograd;
import org.rlhf4j.tensor.Tensor;

class CachedAttentionTest {
    /** Reading keys and values in place from a larger cache gives the bits of the contiguous call. */
    @Test
    void matchesTheContiguousCallBitForBit() {
        int batch = 2, heads = 4, kvHeads = 2, hd = 8, tq = 3, tk = 7, capacity = 11;
        int kw = kvHeads * hd;
        Tensor q = TestTensors.constant(1, -1, 1, batch, tq, heads * hd);
        Tensor k = TestTensors.constant(2, -1, 1, batch, tk, kw);
        Tensor v = TestTensors.constant(3, -1, 1, batch, tk, kw);
        float[] mask = new float[batch * tk];
        mask[tk] = Float.NEGATIVE_INFINITY; // the second sequence's first key is padding
        float[] keys = new float[batch * capacity * kw];
        float[] values = new float[batch * capacity * kw];
        java.util.Arrays.fill(keys, 9f); // rows past tk must not be read
        java.util.Arrays.fill(values, 9f);
        for (int b = 0; b < batch; b++) {
            System.arraycopy(k.data(), b * tk * kw, keys, b * capacity * kw, tk * kw);
            System.arraycopy(v.data(), b * tk * kw, values, b * capacity * kw, tk * kw);
        }
        try (var g = Autograd.noGrad()) {
            float[] expected = Attention.causalSelfAttention(q, k, v, batch, heads, kvHeads, hd,
                    Tensor.of(mask, batch, tk)).data();
            float[] actual = Attention.cachedSelfAttention(q, keys, values, capacity, tk, batch, heads, kvHeads, hd, mask)
                    .data();
            assertArrayEquals(expected, actual);
        }
    }

    @Test
    void refusesToRunWhereGradientsAreNeeded() {
        Tensor q = TestTensors.param("q", 1, -1, 1, 1, 1, 8);
        assertThrows(IllegalArgumentException.class,
                () -> Attention.cachedSelfAttention(q, new float[16], new float[16], 2, 1, 1, 1, 1, 8, null));
    }
}
