package org.rlhf4j.train.lm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.IntConsumer;
import org.rlhf4j.model.TransformerModel;
import org.rlhf4j.tensor.Autograd;
import org.rlhf4j.train.batch.LmBatch;

/**
 * Mean next-token NLL of a causal LM over token sequences, with the trainers' loss: what
 * {@code rlhf4j perplexity} prints and what the evaluation calls the alignment tax. A sequence
 * longer than the window is cut into windows that overlap by one token, so every token after
 * the first is predicted exactly once.
 */
public final class Perplexity {
    private Perplexity() {
    }

    /** Windows of at most {@code window} tokens covering every sequence, longest first (little padding per batch). */
    public static List<int[]> windows(List<int[]> sequences, int window) {
        if (window < 2) {
            throw new IllegalArgumentException("a window needs at least 2 tokens, got " + window);
        }
        List<int[]> windows = new ArrayList<>();
        for (int[] ids : sequences) {
            // stride window - 1: consecutive windows share one token, the context of the next prediction
            for (int start = 0; start < ids.length - 1; start += window - 1) {
                windows.add(Arrays.copyOfRange(ids, start, Math.min(ids.length, start + window)));
            }
        }
        windows.sort(Comparator.comparingInt((int[] w) -> w.length).reversed());
        return windows;
    }

    /**
     * The summed NLL over {@code windows}, scored {@code batchSize} at a time without gradients.
     *
     * @param progress told how many windows are done after each batch
     */
    public static CausalLmLoss.Total total(TransformerModel lm, List<int[]> windows, int batchSize, IntConsumer progress) {
        CausalLmLoss.Total total = CausalLmLoss.Total.ZERO;
        try (var ignored = Autograd.noGrad()) {
            for (int from = 0; from < windows.size(); from += batchSize) {
                int to = Math.min(windows.size(), from + batchSize);
                total = total.plus(CausalLmLoss.total(lm, LmBatch.of(windows.subList(from, to), null)));
                progress.accept(to);
            }
        }
        return total;
    }
}
