package org.rlhf4j.labeling;

import java.util.List;

/**
 * A filled-in ranking task: a rating per output and the ranking as groups of candidate ids,
 * best group first (a group of several is a tie). {@code submissionId} comes from the form,
 * so that a retried POST is recognised as the same submission.
 */
public record RankingSubmission(String submissionId, List<OutputRating> ratings, List<List<Long>> groups) {
    public RankingSubmission {
        ratings = List.copyOf(ratings);
        groups = groups.stream().map(List::copyOf).toList();
    }
}
