package org.rlhf4j.train.batch;

import java.util.List;

/**
 * Sequences right-padded into one [batch, T] grid for a causal LM. Right padding needs no
 * attention mask: a real token only attends to earlier positions, never to the padding after
 * it. {@code targets[i]} is the token that follows position i where that token carries loss,
 * and {@link #IGNORE} elsewhere (padding, prompts, the last position).
 */
public record LmBatch(int[] tokens, int[] positions, int[] targets, int[] lengths, int batch, int seqLen) {
    public static final int IGNORE = -100;

    /** Batches sequences; {@code lossMasks} (null: every token) marks the tokens whose prediction is trained. */
    public static LmBatch of(List<int[]> sequences, List<boolean[]> lossMasks) {
        int batch = sequences.size();
        int t = 0;
        for (int[] s : sequences) {
            t = Math.max(t, s.length);
        }
        int[] tokens = new int[batch * t];
        int[] positions = new int[batch * t];
        int[] targets = new int[batch * t];
        int[] lengths = new int[batch];
        java.util.Arrays.fill(targets, IGNORE);
        for (int b = 0; b < batch; b++) {
            int[] s = sequences.get(b);
            boolean[] mask = lossMasks == null ? null : lossMasks.get(b);
            lengths[b] = s.length;
            for (int i = 0; i < t; i++) {
                positions[b * t + i] = i;
                if (i < s.length) {
                    tokens[b * t + i] = s[i];
                }
                if (i + 1 < s.length && (mask == null || mask[i + 1])) {
                    targets[b * t + i] = s[i + 1];
                }
            }
        }
        return new LmBatch(tokens, positions, targets, lengths, batch, t);
    }

    /** Number of positions that carry loss. */
    public int lossTokens() {
        int n = 0;
        for (int x : targets) {
            if (x != IGNORE) {
                n++;
            }
        }
        return n;
    }

    /** Flat index of each sequence's last real token (where a reward model reads its score). */
    public int[] lastTokenIndices() {
        int[] out = new int[batch];
        for (int b = 0; b < batch; b++) {
            out[b] = b * seqLen + lengths[b] - 1;
        }
        return out;
    }
}
