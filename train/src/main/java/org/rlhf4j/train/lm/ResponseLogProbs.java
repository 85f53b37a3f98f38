package org.rlhf4j.train.lm;

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
 * Log-probabilities of the response tokens of sequences under a causal LM: each
 * {@code log p(token | tokens before it)} after the prompt (the response and its EOS), with the
 * logits divided by a sampling temperature where the tokens were sampled at one. All sequences go
 * through the model in one right-padded batch; only the response rows are projected onto the
 * vocabulary. DPO sums them per sequence; PPO uses them token by token.
 */
public final class ResponseLogProbs {
    private ResponseLogProbs() {}

    /** Token log-probs, flat: sequence 0's response tokens, then sequence 1's..., and each sequence's count. */
    public record Tokens(Tensor logps, int[] counts) {}

    /** Every response token's log-prob, differentiable when gradients are on. */
    public static Tokens perToken(TransformerModel model, List<int[]> sequences, int[] promptLengths, float temperature) {
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
        Tensor hidden = model.forward(b.tokens(), n, t, b.positions(), null, null);
        Tensor picked = Gather.rows(hidden.reshape(n * t, model.config().hiddenSize()), rows);
        return new Tokens(LogProbs.fromHidden(picked, model.unembedding(), tokens, temperature), count);
    }

    /** Each sequence's response log-prob (its tokens' summed), [sequences.size()], differentiable when gradients are on. */
    public static Tensor perSequence(TransformerModel model, List<int[]> sequences, int[] promptLengths) {
        Tokens all = perToken(model, sequences, promptLengths, 1f);
        int n = sequences.size();
        int[] count = all.counts();
        int longest = 1;
        for (int c : count) {
            longest = Math.max(longest, c);
        }
        // [n, longest] grid of each sequence's token log-probs (padding points at entry 0, masked out), summed per row
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
        Tensor spread = Elementwise.mul(Gather.elements(all.logps(), grid), Tensor.of(mask, n * longest));
        return Reductions.sumLastAxis(spread.reshape(n, longest));
    }
}
