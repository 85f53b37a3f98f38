package org.rlhf4j.model.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rlhf4j.tensor.Rng;

class SamplerTest {
    private static final float[] LOGITS = {1.0f, 3.0f, 2.0f, -1.0f};

    @Test
    void greedyTakesTheArgmaxWithItsLogprob() {
        var c = Sampler.choose(LOGITS, 0, 4, SamplingConfig.greedy(1), new Rng(0), new float[4]);
        assertEquals(1, c.token());
        double z = Math.exp(1) + Math.exp(3) + Math.exp(2) + Math.exp(-1);
        assertEquals(3 - Math.log(z), c.logprob(), 1e-6);
    }

    @Test
    void samplingFollowsTheTemperatureScaledDistribution() {
        float t = 0.7f;
        var cfg = new SamplingConfig(1, t, 0, 1f, false, 0, null);
        double[] p = new double[4];
        double z = 0;
        for (int j = 0; j < 4; j++) {
            p[j] = Math.exp(LOGITS[j] / t);
            z += p[j];
        }
        int n = 40_000;
        int[] counts = new int[4];
        Rng rng = new Rng(3);
        float[] scratch = new float[4];
        for (int i = 0; i < n; i++) {
            var c = Sampler.choose(LOGITS, 0, 4, cfg, rng, scratch);
            counts[c.token()]++;
            assertEquals(Math.log(p[c.token()] / z), c.logprob(), 1e-5);
        }
        for (int j = 0; j < 4; j++) {
            double expected = p[j] / z;
            double sd = Math.sqrt(expected * (1 - expected) / n);
            assertEquals(expected, counts[j] / (double) n, 5 * sd + 1e-4, "token " + j);
        }
    }

    @Test
    void topKOneIsGreedyAndTopPKeepsTheNucleus() {
        var topK1 = new SamplingConfig(1, 1f, 1, 1f, false, 0, null);
        var topP = new SamplingConfig(1, 1f, 0, 0.6f, false, 0, null); // p(token 1) = 0.66
        Rng rng = new Rng(9);
        for (int i = 0; i < 200; i++) {
            assertEquals(1, Sampler.choose(LOGITS, 0, 4, topK1, rng, new float[4]).token());
            assertEquals(1, Sampler.choose(LOGITS, 0, 4, topP, rng, new float[4]).token());
        }
    }

    /** The shortcut that sorts only likely tokens keeps exactly what a full sort keeps. */
    @Test
    void truncationMatchesAFullSort() {
        Rng rng = new Rng(21);
        int vocab = 3000;
        for (int trial = 0; trial < 60; trial++) {
            float sharpness = trial % 3 == 0 ? 0.05f : trial % 3 == 1 ? 2f : 8f; // flat to peaked
            float[] probs = new float[vocab];
            double total = 0;
            for (int j = 0; j < vocab; j++) {
                probs[j] = (float) Math.exp(sharpness * rng.nextGaussian());
                total += probs[j];
            }
            int topK = new int[] {0, 1, 5, 50, 2999}[trial % 5];
            float topP = new float[] {1f, 0.9f, 0.5f, 0.99f}[trial % 4];
            if (topK == 0 && topP == 1f) {
                topP = 0.8f;
            }
            assertArrayEquals(naive(probs, topK, topP), Sampler.truncate(probs, vocab, topK, topP, total),
                    "trial " + trial + " k=" + topK + " p=" + topP);
        }
    }

    private static int[] naive(float[] probs, int topK, float topP) {
        List<Integer> order = new ArrayList<>();
        for (int j = 0; j < probs.length; j++) {
            order.add(j);
        }
        order.sort(Comparator.<Integer>comparingDouble(j -> -probs[j]).thenComparingInt(j -> j));
        int keep = topK > 0 ? topK : probs.length;
        double mass = 0;
        for (int i = 0; i < keep; i++) {
            mass += probs[order.get(i)];
        }
        if (topP < 1f) {
            double acc = 0;
            for (int i = 0; i < keep; i++) {
                acc += probs[order.get(i)];
                if (acc >= topP * mass) {
                    keep = i + 1;
                    break;
                }
            }
        }
        return order.subList(0, keep).stream().mapToInt(Integer::intValue).toArray();
    }

    @Test
    void rejectsBadSettings() {
        assertThrows(IllegalArgumentException.class, () -> new SamplingConfig(4, 0f, 0, 1f, false, 0, null));
        assertThrows(IllegalArgumentException.class, () -> new SamplingConfig(4, 1f, 0, 0f, false, 0, null));
        assertThrows(IllegalArgumentException.class, () -> new SamplingConfig(-1, 1f, 0, 1f, false, 0, null));
    }
}
