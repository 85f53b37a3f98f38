package org.rlhf4j.labeling;

import java.util.Set;

/** A labeler's Likert rating (1 = bad .. 7 = great) and metadata for one output. */
public record OutputRating(long candidateId, int likert, Set<Flag> flags) {
    public OutputRating {
        if (likert < 1 || likert > 7) {
            throw new InvalidSubmissionException("rating must be 1 to 7, got " + likert);
        }
        flags = Set.copyOf(flags);
    }
}
