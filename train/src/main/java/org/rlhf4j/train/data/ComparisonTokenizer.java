package org.rlhf4j.train.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.rlhf4j.model.tokenizer.HfTokenizer;

/**
 * Turns comparisons into {@link TokenizedComparison}s: the prompt encoded once with special
 * tokens, then each response and EOS. A response whose sequence exceeds {@code maxLength} makes
 * the whole comparison bad rather than truncated: the cut would often remove exactly the part
 * the labeler preferred or objected to.
 */
public final class ComparisonTokenizer {

    private final HfTokenizer tokenizer;
    private final int maxLength;

    public ComparisonTokenizer(HfTokenizer tokenizer, int maxLength) {
        this.tokenizer = Objects.requireNonNull(tokenizer, "tokenizer");
        if (maxLength < 2) {
            throw new IllegalArgumentException("maxLength must be at least 2, got " + maxLength);
        }
        this.maxLength = maxLength;
    }

    /** All comparisons that pass, in order; the others go to {@code bad}. */
    public List<TokenizedComparison> tokenize(List<Comparison> comparisons, BadRecords bad) {
        List<TokenizedComparison> out = new ArrayList<>(comparisons.size());
        for (Comparison c : comparisons) {
            try {
                out.add(tokenize(c));
            } catch (DatasetException e) {
                bad.reject(e);
            }
        }
        return out;
    }

    /**
     * One comparison.
     *
     * @throws DatasetException {@code FILE:LINE: response I has N tokens, more than the maximum length M}
     */
    public TokenizedComparison tokenize(Comparison comparison) {
        int[] prompt = Sequences.prompt(tokenizer, comparison.prompt());
        int[][] sequences = new int[comparison.k()][];
        for (int i = 0; i < sequences.length; i++) {
            sequences[i] = Sequences.promptResponse(tokenizer, prompt, comparison.responses().get(i));
            if (sequences[i].length > maxLength) {
                throw new DatasetException(comparison.source(), "response " + i + " has " + sequences[i].length
                        + " tokens with the prompt, more than the maximum length " + maxLength);
            }
        }
        return new TokenizedComparison(sequences, prompt.length, comparison.pairs(), comparison.source());
    }
}
