package org.rlhf4j.train.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import org.rlhf4j.model.tokenizer.ChatMessage;
import org.rlhf4j.model.tokenizer.HfTokenizer;

/**
 * Turns comparisons into {@link TokenizedComparison}s: the prompt encoded once with special
 * tokens, then each response and EOS, exactly as SFT tokenizes a prompt/completion; a
 * conversation goes through the chat template with each response as the next assistant turn,
 * exactly as SFT tokenizes {@code messages}. A response whose sequence exceeds {@code maxLength} makes
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
        if (comparison.messages() != null) {
            return conversation(comparison);
        }
        int[] prompt = Sequences.prompt(tokenizer, comparison.prompt());
        int[][] sequences = new int[comparison.k()][];
        for (int i = 0; i < sequences.length; i++) {
            sequences[i] = Sequences.promptResponse(tokenizer, prompt, comparison.responses().get(i));
            checkLength(comparison, i, sequences[i]);
        }
        return new TokenizedComparison(sequences, prompt.length, comparison.pairs(), comparison.source());
    }

    /**
     * A conversation: each response rendered as the next assistant turn by the chat template, as
     * SFT renders a {@code messages} demonstration ({@link HfTokenizer#encodeChat}). The prompt is
     * what comes before the last assistant turn, which must be the same tokens for every response.
     */
    private TokenizedComparison conversation(Comparison comparison) {
        int[][] sequences = new int[comparison.k()][];
        int promptLength = -1;
        for (int i = 0; i < sequences.length; i++) {
            List<ChatMessage> turns = new ArrayList<>(comparison.messages());
            turns.add(ChatMessage.assistant(comparison.responses().get(i)));
            Sequences.LastReply reply = Sequences.lastReply(tokenizer, turns, comparison.source());
            int start = reply.start();
            if (reply.end() == 0) {
                throw new DatasetException(comparison.source(), "the chat template renders no tokens of response " + i);
            }
            sequences[i] = reply.ids();
            if (promptLength >= 0 && (start != promptLength
                    || !Arrays.equals(sequences[i], 0, start, sequences[0], 0, start))) {
                throw new DatasetException(comparison.source(), "the chat template renders the conversation differently "
                        + "before response " + i + " than before response 0");
            }
            promptLength = start;
            checkLength(comparison, i, sequences[i]);
        }
        return new TokenizedComparison(sequences, promptLength, comparison.pairs(), comparison.source());
    }

    private void checkLength(Comparison comparison, int i, int[] sequence) {
        if (sequence.length > maxLength) {
            throw new DatasetException(comparison.source(), "response " + i + " has " + sequence.length
                    + " tokens with the prompt, more than the maximum length " + maxLength);
        }
    }
}
