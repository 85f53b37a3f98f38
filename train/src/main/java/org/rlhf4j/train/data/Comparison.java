package org.rlhf4j.train.data;

import java.util.List;
import java.util.Objects;
import org.rlhf4j.model.tokenizer.ChatMessage;

/**
 * A labeler's judgement of K responses to one prompt (InstructGPT's RM data). A pairwise
 * {@code chosen}/{@code rejected} record is the K = 2 case, responses {@code [chosen, rejected]}
 * ranked {@code [[0], [1]]}, so the reward model sees one format. The prompt is plain text or a
 * conversation ({@code messages}, rendered with the model's chat template; each response is the
 * next assistant turn): exactly one of the two is set.
 */
public record Comparison(String prompt, List<ChatMessage> messages, List<String> responses, Ranking ranking,
                         Source source) {

    public Comparison {
        if ((prompt == null) == (messages == null)) {
            throw new IllegalArgumentException("a comparison's prompt is plain text or a conversation, exactly one");
        }
        messages = messages == null ? null : List.copyOf(messages);
        responses = List.copyOf(responses);
        Objects.requireNonNull(ranking, "ranking");
        Objects.requireNonNull(source, "source");
        if (ranking.k() != responses.size()) {
            throw new IllegalArgumentException("ranking of " + ranking.k() + " for " + responses.size() + " responses");
        }
    }

    /** A comparison of responses to a plain-text prompt. */
    public Comparison(String prompt, List<String> responses, Ranking ranking, Source source) {
        this(prompt, null, responses, ranking, source);
    }

    /** The pairwise case: chosen over rejected. */
    public static Comparison pairwise(String prompt, String chosen, String rejected, Source source) {
        return new Comparison(prompt, List.of(chosen, rejected), Ranking.pairwise(), source);
    }

    /** Number of responses. */
    public int k() {
        return responses.size();
    }

    /** (winner, loser) response indices; see {@link Ranking#pairs()}. */
    public List<int[]> pairs() {
        return ranking.pairs();
    }
}
