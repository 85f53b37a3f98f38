package org.rlhf4j.train.data;

import java.util.List;
import java.util.Objects;

/**
 * A comparison ready for the reward model: one sequence per response, each
 * {@code prompt ++ response ++ [eos]}, so the reward is read at the same kind of position (the
 * last token) for every response. All K go through the model together, as in InstructGPT,
 * which scores each response once however many pairs it is in.
 *
 * @param sequences    token ids per response, index as in the comparison
 * @param promptLength the number of leading prompt tokens, the same in every sequence
 * @param pairs        (winner, loser) indices into {@code sequences}
 */
public record TokenizedComparison(int[][] sequences, int promptLength, List<int[]> pairs, Source source) {
    public TokenizedComparison {
        Objects.requireNonNull(sequences, "sequences");
        pairs = List.copyOf(pairs);
        Objects.requireNonNull(source, "source");
    }

    /** Number of responses. */
    public int k() {
        return sequences.length;
    }

    /** The longest sequence's length (for batching). */
    public int maxLength() {
        int max = 0;
        for (int[] s : sequences) {
            max = Math.max(max, s.length);
        }
        return max;
    }
}
