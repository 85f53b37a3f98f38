package org.rlhf4j.labeling;

/** A form or import record that cannot be accepted; the message says why, for the user. */
public final class InvalidSubmissionException extends IllegalArgumentException {
    public InvalidSubmissionException(String message) {
        super(message);
    }
}
