package org.rlhf4j.train.data;

import java.util.List;
import java.util.Objects;

/**
 * A labeler's judgement of K responses to one prompt (InstructGPT's RM data). A pairwise
 * {@code chosen}/{@code rejected} record is the K = 2 case, responses {@code [chosen, rejected]}
 * ranked {@code [[0], [1]]}, so the reward model sees one format.
 */
public record Comparison(String prompt, List<String> responses, Ranking ranking, Source source) {

    public Comparison {
        Objects.requireNonNull(prompt, "prompt");
        responses = List.copyOf(responses);
        Objects.requireNonNull(ranking, "ranking");
        Objects.requireNonNull(source, "source");
        if (ranking.k() != responses.size()) {
            throw new IllegalArgumentException("ranking of " + ranking.k() + " for " + responses.size() + " responses");
        }
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
