package org.rlhf4j.tensor.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.rlhf4j.tensor.Autograd;
import org.rlhf4j.tensor.GradCheck;
import org.rlhf4j.tensor.Rng;
import org.rlhf4j.tensor.Tensor;

class LogProbsTest {
    static final float TEMPERATURE = 0.7f;

    private static double referenceLogProb(float[] x, int off, int vocab, int token, double temperature) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < vocab; j++) {
            max = Math.max(max, x[off + j] / temperature);
        }
        double sum = 0;
        for (int j = 0; j < vocab; j++) {
            sum += Math.exp(x[off + j] / temperature - max);
        }
        return x[off + token] / temperature - max - Math.log(sum);
    }

    @Test
    void gatherMatchesReference() {
        Tensor logits = new Rng(1).normal(0, 3, 4, 37);
        int[] tokens = {0, 36, 17, 5};
        float[] got = LogProbs.gather(logits, tokens, TEMPERATURE).data();
        for (int i = 0; i < 4; i++) {
            assertEquals(referenceLogProb(logits.data(), i * 37, 37, tokens[i], TEMPERATURE), got[i], 1e-5);
        }
    }

    @Test
    void gatherAtTemperatureOneIsMinusCrossEntropy() {
        Tensor logits = new Rng(2).normal(0, 1, 3, 20);
        int[] tokens = {4, 19, 0};
        float[] lp = LogProbs.gather(logits, tokens, 1f).data();
        double mean = -(lp[0] + lp[1] + lp[2]) / 3.0;
        assertEquals(mean, CrossEntropy.fromLogits(logits, tokens, -100).item(), 1e-6);
    }

    @Test
    void gatherGradient() {
        Tensor logits = new Rng(3).normal(0, 2, 4, 37).requiresGrad(true);
        int[] tokens = {1, 36, 0, 20};
        GradCheck.check("log-prob gather", in -> LogProbs.gather(in[0], tokens, TEMPERATURE), logits);
    }

    @Test
    void fromHiddenGradient() {
        Tensor hidden = new Rng(4).normal(0, 1, 4, 6).requiresGrad(true);
        Tensor weight = new Rng(5).normal(0, 1, 37, 6).requiresGrad(true);
        int[] tokens = {36, 2, 2, 11};
        GradCheck.check("log-prob hidden", in -> LogProbs.fromHidden(in[0], in[1], tokens, TEMPERATURE), hidden, weight);
    }

    @Test
    void fromHiddenEqualsGatherOverSeveralChunks() {
        int n = LogitChunks.rowsPerChunk(45) + 9;
        int d = 20;
        int vocab = 45;
        Tensor hidden = new Rng(6).normal(0, 1, n, d).requiresGrad(true);
        Tensor weight = new Rng(7).normal(0, 0.5f, vocab, d).requiresGrad(true);
        int[] tokens = new int[n];
        Rng rng = new Rng(8);
        for (int i = 0; i < n; i++) {
            tokens[i] = rng.nextInt(vocab);
        }
        float[] seed = new Rng(9).uniform(-1, 1, n).data();
        Tensor logits = CrossEntropyTest.logitsOf(hidden, weight).requiresGrad(true);
        Tensor unfused = LogProbs.gather(logits, tokens, TEMPERATURE);
        Autograd.backward(unfused, seed);
        Tensor fused = LogProbs.fromHidden(hidden, weight, tokens, TEMPERATURE);
        Autograd.backward(fused, seed);
        for (int i = 0; i < n; i++) {
            assertEquals(unfused.data()[i], fused.data()[i], 1e-5, "row " + i);
        }
        CrossEntropyTest.assertProjectionGradients(logits.grad(), hidden, weight, 1e-5);
    }

    @Test
    void entropyOfUniformIsLogVocabAndMatchesReference() {
        assertEquals(Math.log(50), LogProbs.entropy(Tensor.zeros(2, 50), TEMPERATURE).data()[1], 1e-5);
        Tensor logits = new Rng(10).normal(0, 2, 3, 37);
        float[] h = LogProbs.entropy(logits, TEMPERATURE).data();
        for (int i = 0; i < 3; i++) {
            double want = 0;
            for (int j = 0; j < 37; j++) {
                double lp = referenceLogProb(logits.data(), i * 37, 37, j, TEMPERATURE);
                want -= Math.exp(lp) * lp;
            }
            assertEquals(want, h[i], 1e-5);
        }
        assertFalse(LogProbs.entropy(logits, TEMPERATURE).requiresGrad());
    }

    @Test
    void entropyIgnoresNegativeInfinityLogits() {
        float[] x = new float[40];
        java.util.Arrays.fill(x, Float.NEGATIVE_INFINITY);
        x[3] = 0f;
        x[30] = 0f;
        assertEquals(Math.log(2), LogProbs.entropy(Tensor.of(x, 1, 40), 1f).data()[0], 1e-6);
    }

    @Test
    void rejectsBadArguments() {
        Tensor logits = Tensor.zeros(2, 4);
        assertThrows(IllegalArgumentException.class, () -> LogProbs.gather(logits, new int[] {0, 4}, 1f));
        assertThrows(IllegalArgumentException.class, () -> LogProbs.gather(logits, new int[] {0, 1}, 0f));
        assertThrows(IllegalArgumentException.class,
                () -> LogProbs.fromHidden(Tensor.zeros(2, 3), Tensor.zeros(4, 3), new int[] {0}, 1f));
    }
}
