package org.rlhf4j.labeling.db;

/** A database operation failed; the transaction it was part of was rolled back. */
public final class DatabaseException extends RuntimeException {
    public DatabaseException(String message, Throwable cause) {
        super(message, cause);
    }
}
