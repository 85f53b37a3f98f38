package org.rlhf4j.train.run;

/**
 * A run that cannot go on for a reason the user can act on (a non-finite loss, --resume with
 * no checkpoint); the message says what happened and what was kept.
 */
public final class TrainingException extends RuntimeException {
    public TrainingException(String message) {
        super(message);
    }
}
