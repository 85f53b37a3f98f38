package org.rlhf4j.tensor.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.rlhf4j.tensor.Autograd;
import org.rlhf4j.tensor.GradCheck;
import org.rlhf4j.tensor.Rng;
import org.rlhf4j.tensor.Tensor;
import org.rlhf4j.tensor.ThreadCounts;

class AttentionTest {

    /** One attention problem: sizes, inputs and an optional padding mask. */
    private record Case(int batch, int nHeads, int nKvHeads, int headDim, int tq, int tk, Tensor q, Tensor k, Tensor v,
                        Tensor mask) {
        Tensor run() {
            return Attention.causalSelfAttention(q, k, v, batch, nHeads, nKvHeads, headDim, mask);
        }

        Tensor run(Tensor[] in) {
            return Attention.causalSelfAttention(in[0], in[1], in[2], batch, nHeads, nKvHeads, headDim, mask);
        }
    }

    private static Case makeCase(long seed, int batch, int nHeads, int nKvHeads, int headDim, int tq, int tk,
                                 float[] mask) {
        Rng rng = new Rng(seed);
        Tensor q = rng.normal(0, 1, batch, tq, nHeads * headDim).requiresGrad(true);
        Tensor k = rng.normal(0, 1, batch, tk, nKvHeads * headDim).requiresGrad(true);
        Tensor v = rng.normal(0, 1, batch, tk, nKvHeads * headDim).requiresGrad(true);
        return new Case(batch, nHeads, nKvHeads, headDim, tq, tk, q, k, v, mask == null ? null : Tensor.of(mask, batch, tk));
    }

    /** Left padding: the first pad[b] keys of batch element b are masked with {@code value}. */
    private static float[] leftPadding(int tk, float value, int... pad) {
        float[] m = new float[pad.length * tk];
        for (int b = 0; b < pad.length; b++) {
            Arrays.fill(m, b * tk, b * tk + pad[b], value);
        }
        return m;
    }

    /** Attention written out plainly in double: explicit scores, masks, softmax, weighted sum. */
    private static double[] reference(Case c) {
        int d = c.headDim;
        int qw = c.nHeads * d;
        int kw = c.nKvHeads * d;
        float[] q = c.q.data();
        float[] k = c.k.data();
        float[] v = c.v.data();
        double[] out = new double[c.batch * c.tq * qw];
        for (int b = 0; b < c.batch; b++) {
            for (int h = 0; h < c.nHeads; h++) {
                int g = h / (c.nHeads / c.nKvHeads);
                for (int i = 0; i < c.tq; i++) {
                    int pos = c.tk - c.tq + i;
                    double[] s = new double[c.tk];
                    double max = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j < c.tk; j++) {
                        if (j > pos) {
                            s[j] = Double.NEGATIVE_INFINITY;
                            continue;
                        }
                        double dot = 0;
                        for (int e = 0; e < d; e++) {
                            dot += (double) q[(b * c.tq + i) * qw + h * d + e] * k[(b * c.tk + j) * kw + g * d + e];
                        }
                        s[j] = dot / Math.sqrt(d) + (c.mask == null ? 0 : c.mask.data()[b * c.tk + j]);
                        max = Math.max(max, s[j]);
                    }
                    if (max <= -1e8) {
                        continue; // every visible key is padding: the row stays zero
                    }
                    double sum = 0;
                    for (int j = 0; j < c.tk; j++) {
                        s[j] = Math.exp(s[j] - max);
                        sum += s[j];
                    }
                    for (int j = 0; j < c.tk; j++) {
                        for (int e = 0; e < d; e++) {
                            out[(b * c.tq + i) * qw + h * d + e] += s[j] / sum * v[(b * c.tk + j) * kw + g * d + e];
                        }
                    }
                }
            }
        }
        return out;
    }

    private static void assertMatchesReference(Case c) {
        float[] got = c.run().data();
        double[] want = reference(c);
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], got[i], 1e-5, "element " + i);
        }
    }

    @Test
    void forwardMatchesReference() {
        assertMatchesReference(makeCase(1, 2, 2, 2, 4, 4, 4, null));
        assertMatchesReference(makeCase(2, 2, 4, 2, 8, 3, 7, null));
        assertMatchesReference(makeCase(3, 2, 4, 1, 8, 5, 5, leftPadding(5, -1e9f, 0, 2)));
        assertMatchesReference(makeCase(4, 2, 2, 2, 8, 6, 6, leftPadding(6, Float.NEGATIVE_INFINITY, 3, 1)));
        // more query rows than one block, and a single-token query against a long cache
        assertMatchesReference(makeCase(5, 1, 4, 2, 16, Attention.BLOCK + 9, Attention.BLOCK + 12, null));
        assertMatchesReference(makeCase(6, 2, 4, 2, 16, 1, 50, leftPadding(50, -1e9f, 7, 0)));
    }

    @Test
    void singleQueryMatchesLastRowOfFullSequence() {
        Case full = makeCase(7, 2, 4, 2, 8, 9, 9, null);
        float[] all;
        float[] last;
        try (var ignored = Autograd.noGrad()) {
            all = full.run().data();
            int w = 4 * 8;
            float[] qLast = new float[2 * w];
            for (int b = 0; b < 2; b++) {
                System.arraycopy(full.q.data(), (b * 9 + 8) * w, qLast, b * w, w);
            }
            last = Attention.causalSelfAttention(Tensor.of(qLast, 2, 1, w), full.k, full.v, 2, 4, 2, 8, null).data();
            for (int b = 0; b < 2; b++) {
                for (int e = 0; e < w; e++) {
                    assertEquals(all[(b * 9 + 8) * w + e], last[b * w + e], 1e-6);
                }
            }
        }
    }

    @Test
    void gradientsMultiHead() {
        Case c = makeCase(11, 2, 2, 2, 4, 4, 4, null);
        GradCheck.check("attention mha", c::run, c.q, c.k, c.v);
    }

    @Test
    void gradientsFewerQueriesThanKeys() {
        Case c = makeCase(12, 2, 2, 2, 4, 2, 5, null);
        GradCheck.check("attention Tq<Tk", c::run, c.q, c.k, c.v);
    }

    @Test
    void gradientsGroupedQuery() {
        Case c = makeCase(13, 2, 4, 2, 4, 4, 4, null);
        GradCheck.check("attention gqa", c::run, c.q, c.k, c.v);
    }

    @Test
    void gradientsWithPaddingMask() {
        Case mha = makeCase(14, 2, 2, 2, 4, 4, 4, leftPadding(4, -1e9f, 0, 1));
        GradCheck.check("attention mha masked", mha::run, mha.q, mha.k, mha.v);
        Case gqa = makeCase(15, 2, 4, 2, 4, 3, 5, leftPadding(5, Float.NEGATIVE_INFINITY, 2, 1));
        GradCheck.check("attention gqa Tq<Tk masked", gqa::run, gqa.q, gqa.k, gqa.v);
    }

    @Test
    void gradientsAcrossBlocks() {
        Case c = makeCase(16, 1, 2, 1, 4, Attention.BLOCK + 3, Attention.BLOCK + 6, null);
        GradCheck.check("attention several blocks", c::run, c.q, c.k, c.v);
    }

    @Test
    void gradientOnlyForInputsThatRequireIt() {
        Case c = makeCase(17, 2, 2, 2, 4, 4, 4, null);
        c.k.requiresGrad(false);
        c.q.clearGrad();
        c.k.clearGrad();
        c.v.clearGrad();
        Tensor out = c.run();
        Autograd.backward(out, new Rng(3).normal(0, 1, out.size()).data());
        assertEquals(null, c.k.grad());
        assertTrue(c.q.grad() != null && c.v.grad() != null);
        GradCheck.check("attention q,v only", c::run, c.q, c.k, c.v);
    }

    @Test
    void fullyMaskedRowGivesZerosNotNaN() {
        for (float masked : new float[] {-1e9f, Float.NEGATIVE_INFINITY}) {
            // batch element 1 is all padding; in element 0 the first two queries see only padding
            float[] mask = new float[2 * 5];
            Arrays.fill(mask, 0, 2, masked);
            Arrays.fill(mask, 5, 10, masked);
            Case c = makeCase(18, 2, 4, 2, 4, 5, 5, mask);
            c.q.clearGrad();
            c.k.clearGrad();
            c.v.clearGrad();
            Tensor out = c.run();
            int w = 4 * 4;
            for (int i = 0; i < out.size(); i++) {
                int b = i / (5 * w);
                int t = (i / w) % 5;
                if (b == 1 || t < 2) {
                    assertEquals(0f, out.data()[i], "masked row element " + i);
                } else {
                    assertTrue(Float.isFinite(out.data()[i]) && out.data()[i] != 0f);
                }
            }
            Autograd.backward(out, new Rng(4).normal(0, 1, out.size()).data());
            for (Tensor t : new Tensor[] {c.q, c.k, c.v}) {
                for (float g : t.grad()) {
                    assertTrue(Float.isFinite(g), "gradient must be finite");
                }
            }
        }
    }

    @Test
    void bitIdenticalForAnyThreadCount() {
        ThreadCounts.assertSameBits(() -> {
            Case c = makeCase(19, 2, 4, 2, 16, Attention.BLOCK + 5, Attention.BLOCK + 5,
                    leftPadding(Attention.BLOCK + 5, -1e9f, 0, 3));
            Tensor out = c.run();
            Autograd.backward(out, new Rng(5).normal(0, 1, out.size()).data());
            return new float[][] {out.data(), c.q.grad(), c.k.grad(), c.v.grad()};
        });
    }

    @Test
    void rejectsBadShapes() {
        Case c = makeCase(20, 2, 4, 2, 4, 4, 4, null);
        var e = assertThrows(IllegalArgumentException.class,
                () -> Attention.causalSelfAttention(c.q, c.k, c.v, 2, 4, 3, 4, null));
        assertTrue(e.getMessage().startsWith("Attention"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Attention.causalSelfAttention(c.k, c.q, c.v, 2, 4, 2, 4, null));
        assertThrows(IllegalArgumentException.class,
                () -> Attention.causalSelfAttention(c.q, c.k, c.v, 2, 4, 2, 4, Tensor.zeros(2, 3)));
        Case longQ = makeCase(21, 1, 2, 2, 4, 5, 3, null);
        assertThrows(IllegalArgumentException.class, longQ::run);
    }
}
