package org.rlhf4j.model.hf;

/** A Hugging Face model folder that cannot be read or written; the message names the file (and tensor or field). */
public final class HfFormatException extends RuntimeException {
    public HfFormatException(String message) {
        super(message);
    }

    public HfFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
