package org.rlhf4j.labeling;

/** What became of a submission. */
public enum SubmitResult {
    /** Stored now. */
    SAVED,
    /** The same submission (same submission id) was stored before: a retry, nothing added. */
    ALREADY_SAVED,
    /** The task is not this labeler's, or does not exist. */
    NOT_FOUND,
    /** The task was already finished by a different submission (or skipped). */
    CONFLICT
}
