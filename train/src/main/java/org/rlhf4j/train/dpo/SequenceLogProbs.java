package org.rlhf4j.train.dpo;

import java.util.ArrayList;
import java.util.List;
import org.rlhf4j.model.TransformerModel;
import org.rlhf4j.tensor.Tensor;
import org.rlhf4j.tensor.ops.Elementwise;
import org.rlhf4j.tensor.ops.Gather;
import org.rlhf4j.tensor.ops.LogProbs;
import org.rlhf4j.tensor.ops.Reductions;
import org.rlhf4j.train.batch.LmBatch;

/**
 * The log-probability of each sequence's response under a causal LM: the sum of
 * {@code log p(token | tokens before it)} over the tokens after the prompt (the response and
 * its EOS). All sequences go through the model in one right-padded batch; only the response
 * rows are projected onto the vocabulary.
 */
public final class SequenceLogProbs {
    private SequenceLogProbs() {}

    /** [sequences.size()], differentiable when gradients are on; {@code promptLengths[i]} tokens of sequence i are prompt. */
    public static Tensor of(TransformerModel model, List<int[]> sequences, int[] promptLengths) {
        int n = sequences.size();
        List<boolean[]> masks = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            boolean[] mask = new boolean[sequences.get(i).length];
            for (int j = promptLengths[i]; j < mask.length; j++) {
                mask[j] = true;
            }
            masks.add(mask);
        }
        LmBatch b = LmBatch.of(sequences, masks);
        int t = b.seqLen();
        // the rows that predict a response token, sequence by sequence
        int[] rows = new int[b.lossTokens()];
        int[] tokens = new int[rows.length];
        int[] count = new int[n];
        int r = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < t; j++) {
                int target = b.targets()[i * t + j];
                if (target != LmBatch.IGNORE) {
                    rows[r] = i * t + j;
                    tokens[r++] = target;
                    count[i]++;
                }
            }
        }
        int longest = 1;
        for (int c : count) {
            longest = Math.max(longest, c);
        }
        Tensor hidden = model.forward(b.tokens(), n, t, b.positions(), null, null);
        Tensor picked = Gather.rows(hidden.reshape(n * t, model.config().hiddenSize()), rows);
        Tensor logps = LogProbs.fromHidden(picked, model.unembedding(), tokens, 1f);
        // [n, longest] grid of each sequence's token log-probs (padding points at row 0, masked out), summed per row
        int[] grid = new int[n * longest];
        float[] mask = new float[n * longest];
        int first = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < count[i]; j++) {
                grid[i * longest + j] = first + j;
                mask[i * longest + j] = 1f;
            }
            first += count[i];
        }
        Tensor spread = Elementwise.mul(Gather.elements(logps, grid), Tensor.of(mask, n * longest));
        return Reductions.sumLastAxis(spread.reshape(n, longest));
    }
}
