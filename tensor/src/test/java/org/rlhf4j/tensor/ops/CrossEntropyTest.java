package org.rlhf4j.tensor.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.rlhf4j.tensor.Autograd;
import org.rlhf4j.tensor.GradCheck;
import org.rlhf4j.tensor.Rng;
import org.rlhf4j.tensor.Tensor;
import org.rlhf4j.tensor.ThreadCounts;

class CrossEntropyTest {
    static final int IGNORE = -100;

    /** hidden [N, d] * weight[V, d]^T in double, rounded once to float: the unfused logits. */
    static Tensor logitsOf(Tensor hidden, Tensor weight) {
        int n = hidden.dim(0);
        int d = hidden.dim(1);
        int v = weight.dim(0);
        float[] out = new float[n * v];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < v; j++) {
                double s = 0;
                for (int e = 0; e < d; e++) {
                    s += (double) hidden.data()[i * d + e] * weight.data()[j * d + e];
                }
                out[i * v + j] = (float) s;
            }
        }
        return Tensor.of(out, n, v);
    }

    /** Asserts dhidden = dlogits * W and dW = dlogits^T * hidden, given the unfused dlogits. */
    static void assertProjectionGradients(float[] dlogits, Tensor hidden, Tensor weight, double tol) {
        int n = hidden.dim(0);
        int d = hidden.dim(1);
        int v = weight.dim(0);
        for (int i = 0; i < n; i++) {
            for (int e = 0; e < d; e++) {
                double s = 0;
                for (int j = 0; j < v; j++) {
                    s += (double) dlogits[i * v + j] * weight.data()[j * d + e];
                }
                assertEquals(s, hidden.grad()[i * d + e], tol, "dhidden " + i + "," + e);
            }
        }
        for (int j = 0; j < v; j++) {
            for (int e = 0; e < d; e++) {
                double s = 0;
                for (int i = 0; i < n; i++) {
                    s += (double) dlogits[i * v + j] * hidden.data()[i * d + e];
                }
                assertEquals(s, weight.grad()[j * d + e], tol, "dweight " + j + "," + e);
            }
        }
    }

    @Test
    void handComputedValue() {
        Tensor logits = Tensor.of(new float[] {1, 2, 3, 5, 5, 5}, 2, 3);
        float loss = CrossEntropy.fromLogits(logits, new int[] {2, IGNORE}, IGNORE).item();
        assertEquals(Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3)) - 3, loss, 1e-6);
    }

    @Test
    void uniformLogitsGiveLogVocab() {
        int vocab = 50;
        assertEquals(Math.log(vocab), CrossEntropy.fromLogits(Tensor.zeros(4, vocab), new int[] {0, 7, 49, 3}, IGNORE).item(), 1e-6);
        Tensor hidden = Tensor.zeros(3, 8);
        Tensor weight = new Rng(1).normal(0, 1, vocab, 8);
        assertEquals(Math.log(vocab), CrossEntropy.fromHidden(hidden, weight, new int[] {1, 2, 3}, IGNORE).item(), 1e-6);
    }

    @Test
    void everyTargetIgnoredGivesZeroAndNoGradient() {
        Tensor logits = new Rng(2).normal(0, 1, 2, 5).requiresGrad(true);
        Tensor loss = CrossEntropy.fromLogits(logits, new int[] {IGNORE, IGNORE}, IGNORE);
        assertEquals(0f, loss.item());
        loss.backward();
        assertTrue(logits.grad() == null || java.util.Arrays.equals(logits.grad(), new float[10]));
        Tensor hidden = new Rng(3).normal(0, 1, 2, 4).requiresGrad(true);
        Tensor weight = new Rng(4).normal(0, 1, 5, 4).requiresGrad(true);
        Tensor fused = CrossEntropy.fromHidden(hidden, weight, new int[] {IGNORE, IGNORE}, IGNORE);
        assertEquals(0f, fused.item());
        fused.backward();
    }

    @Test
    void fromLogitsGradient() {
        Tensor logits = new Rng(5).normal(0, 2, 5, 37).requiresGrad(true);
        int[] targets = {3, IGNORE, 36, 0, IGNORE};
        GradCheck.check("cross-entropy logits", in -> CrossEntropy.fromLogits(in[0], targets, IGNORE), logits);
    }

    @Test
    void fromHiddenGradient() {
        Tensor hidden = new Rng(6).normal(0, 1, 5, 6).requiresGrad(true);
        Tensor weight = new Rng(7).normal(0, 1, 37, 6).requiresGrad(true);
        int[] targets = {IGNORE, 12, 0, IGNORE, 36};
        GradCheck.check("cross-entropy hidden", in -> CrossEntropy.fromHidden(in[0], in[1], targets, IGNORE), hidden, weight);
    }

    @Test
    void fromHiddenEqualsFromLogitsOverSeveralChunks() {
        int n = 2 * LogitChunks.rowsPerChunk(53) + 7;
        int d = 24;
        int vocab = 53;
        Tensor hidden = new Rng(8).normal(0, 1, n, d).requiresGrad(true);
        Tensor weight = new Rng(9).normal(0, 0.5f, vocab, d).requiresGrad(true);
        int[] targets = new int[n];
        Rng rng = new Rng(10);
        for (int i = 0; i < n; i++) {
            targets[i] = i % 5 == 1 ? IGNORE : rng.nextInt(vocab);
        }
        Tensor logits = logitsOf(hidden, weight).requiresGrad(true);
        Tensor unfused = CrossEntropy.fromLogits(logits, targets, IGNORE);
        unfused.backward();
        Tensor fused = CrossEntropy.fromHidden(hidden, weight, targets, IGNORE);
        fused.backward();
        assertEquals(unfused.item(), fused.item(), 1e-5);
        assertProjectionGradients(logits.grad(), hidden, weight, 1e-5);
        Autograd.clearTape();
    }

    @Test
    void fromHiddenIsBitIdenticalForAnyThreadCount() {
        ThreadCounts.assertSameBits(() -> {
            Tensor hidden = new Rng(11).normal(0, 1, LogitChunks.rowsPerChunk(70) + 5, 16).requiresGrad(true);
            Tensor weight = new Rng(12).normal(0, 1, 70, 16).requiresGrad(true);
            int[] targets = new int[hidden.dim(0)];
            for (int i = 0; i < targets.length; i++) {
                targets[i] = i % 4 == 0 ? IGNORE : (i * 7) % 70;
            }
            Tensor loss = CrossEntropy.fromHidden(hidden, weight, targets, IGNORE);
            loss.backward();
            return new float[][] {loss.data(), hidden.grad(), weight.grad()};
        });
    }

    @Test
    void rejectsBadTargets() {
        Tensor logits = Tensor.zeros(2, 4);
        var e = assertThrows(IllegalArgumentException.class, () -> CrossEntropy.fromLogits(logits, new int[] {0, 4}, IGNORE));
        assertTrue(e.getMessage().contains("CrossEntropy.fromLogits"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CrossEntropy.fromLogits(logits, new int[] {0}, IGNORE));
        assertThrows(IllegalArgumentException.class,
                () -> CrossEntropy.fromHidden(Tensor.zeros(2, 3), Tensor.zeros(4, 2), new int[] {0, 1}, IGNORE));
    }
}
