package org.rlhf4j.train.rm;

import java.util.List;

/**
 * The pairs of a batch of K-wise rankings, weighted as InstructGPT's reward model weighs them
 * and as K-wise DPO does too: every pair (w ranked above l) of a prompt with K responses counts
 * 1 / C(K, 2), and the batch is the mean over its prompts. Ties form no pair; the normaliser
 * stays C(K, 2), so a prompt with ties weighs less than a fully ranked one.
 *
 * @param winners index of each pair's preferred response in the batch's responses
 * @param losers  index of the other
 * @param weights 1 / C(K, 2) / prompts
 */
public record RankedPairs(int[] winners, int[] losers, float[] weights) {
    /** One prompt's responses at {@code [offset, offset + k)} of the batch, its pairs as (winner, loser) in 0..k-1. */
    public record Prompt(int offset, int k, List<int[]> pairs) {}

    public static RankedPairs of(List<Prompt> prompts, int responses) {
        if (prompts.isEmpty()) {
            throw new IllegalArgumentException("a batch of rankings needs at least one prompt");
        }
        int total = 0;
        for (Prompt p : prompts) {
            total += p.pairs().size();
        }
        int[] winners = new int[total];
        int[] losers = new int[total];
        float[] weights = new float[total];
        int i = 0;
        for (Prompt p : prompts) {
            if (p.k() < 2 || p.offset() < 0 || p.offset() + p.k() > responses) {
                throw new IllegalArgumentException("prompt with k=" + p.k() + " at offset " + p.offset()
                        + " does not fit " + responses + " responses");
            }
            float weight = (float) (1.0 / (p.k() * (p.k() - 1) / 2.0) / prompts.size());
            for (int[] pair : p.pairs()) {
                winners[i] = p.offset() + pair[0];
                losers[i] = p.offset() + pair[1];
                weights[i] = weight;
                i++;
            }
        }
        return new RankedPairs(winners, losers, weights);
    }

    public int size() {
        return winners.length;
    }
}
