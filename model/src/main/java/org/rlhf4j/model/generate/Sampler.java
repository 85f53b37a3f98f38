package org.rlhf4j.model.generate;

import java.util.Arrays;
import org.rlhf4j.tensor.Rng;

/**
 * Picks one token from a row of logits: greedy, or sampling at a temperature with optional
 * top-k and top-p (nucleus) truncation. Works on one row at a time, in place on a scratch copy.
 */
final class Sampler {
    private Sampler() {}

    /** The chosen token and its log-probability (at the temperature, before truncation). */
    record Choice(int token, float logprob) {}

    static Choice choose(float[] logits, int off, int vocab, SamplingConfig cfg, Rng rng, float[] scratch) {
        if (cfg.greedy()) {
            int best = argmax(logits, off, vocab);
            return new Choice(best, logSoftmaxAt(logits, off, vocab, 1f, best));
        }
        float invT = 1f / cfg.temperature();
        // probabilities at the temperature
        float max = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < vocab; j++) {
            max = Math.max(max, logits[off + j]);
        }
        double total = 0;
        for (int j = 0; j < vocab; j++) {
            float p = (float) Math.exp((logits[off + j] - max) * invT);
            scratch[j] = p;
            total += p;
        }
        double logTotal = Math.log(total);
        int[] kept = truncate(scratch, vocab, cfg.topK(), cfg.topP(), total);
        double mass = 0;
        for (int j : kept) {
            mass += scratch[j];
        }
        double u = rng.nextFloat() * mass;
        int token = kept[kept.length - 1];
        double acc = 0;
        for (int j : kept) {
            acc += scratch[j];
            if (u < acc) {
                token = j;
                break;
            }
        }
        float logprob = (float) ((logits[off + token] - max) * invT - logTotal);
        return new Choice(token, logprob);
    }

    /**
     * Indices of the tokens that survive top-k, then top-p over the renormalised top-k (the
     * order Hugging Face applies them), most likely first; never empty. Only the candidates
     * (tokens above a small cut-off) are sorted when that is enough: the top k are among them
     * when there are at least k, and the nucleus is when they already hold p of the whole mass
     * (every candidate outranks every other token). Otherwise the whole vocabulary is sorted.
     */
    static int[] truncate(float[] probs, int vocab, int topK, float topP, double total) {
        if (topK == 0 && topP >= 1f) {
            int[] all = new int[vocab];
            Arrays.setAll(all, j -> j);
            return all;
        }
        float max = 0;
        for (int j = 0; j < vocab; j++) {
            max = Math.max(max, probs[j]);
        }
        int[] sorted = sortedAbove(probs, vocab, max * 1e-4f);
        double candidateMass = 0;
        for (int j : sorted) {
            candidateMass += probs[j];
        }
        // With top-k on, the nucleus is taken of the top-k mass, so the true top k are needed.
        boolean holdsTopK = topK > 0 && sorted.length >= topK;
        boolean holdsNucleus = topK == 0 && candidateMass >= topP * total;
        if (!holdsTopK && !holdsNucleus) {
            sorted = sortedAbove(probs, vocab, -1f);
        }
        int keep = topK > 0 ? Math.min(topK, sorted.length) : sorted.length;
        if (topP < 1f) {
            double keptMass = 0;
            for (int i = 0; i < keep; i++) {
                keptMass += probs[sorted[i]];
            }
            if (topK == 0) {
                keptMass = total; // the candidates may be a prefix of the vocabulary; p is of all of it
            }
            double acc = 0;
            for (int i = 0; i < keep; i++) {
                acc += probs[sorted[i]];
                if (acc >= topP * keptMass) {
                    keep = i + 1;
                    break;
                }
            }
        }
        return Arrays.copyOf(sorted, Math.max(1, keep));
    }

    /** Indices of probs above {@code floor}, by decreasing probability (ties: lower index first). */
    private static int[] sortedAbove(float[] probs, int vocab, float floor) {
        long[] keys = new long[vocab];
        int n = 0;
        for (int j = 0; j < vocab; j++) {
            if (probs[j] > floor) {
                // probabilities are >= 0, so their float bits order like their values
                keys[n++] = ((long) Float.floatToRawIntBits(probs[j]) << 32) | (0xFFFFFFFFL - j);
            }
        }
        Arrays.sort(keys, 0, n);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = (int) (0xFFFFFFFFL - (keys[n - 1 - i] & 0xFFFFFFFFL));
        }
        return out;
    }

    static int argmax(float[] x, int off, int n) {
        int best = 0;
        for (int j = 1; j < n; j++) {
            if (x[off + j] > x[off + best]) {
                best = j;
            }
        }
        return best;
    }

    static float logSoftmaxAt(float[] logits, int off, int vocab, float temperature, int token) {
        float invT = 1f / temperature;
        float max = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < vocab; j++) {
            max = Math.max(max, logits[off + j]);
        }
        double total = 0;
        for (int j = 0; j < vocab; j++) {
            total += Math.exp((logits[off + j] - max) * invT);
        }
        return (float) ((logits[off + token] - max) * invT - Math.log(total));
    }
}
