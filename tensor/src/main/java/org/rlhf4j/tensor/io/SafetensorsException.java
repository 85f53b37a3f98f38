package org.rlhf4j.tensor.io;

/** A safetensors file that cannot be read or written; the message names the file and tensor. */
public class SafetensorsException extends RuntimeException {
    public SafetensorsException(String message) {
        super(message);
    }

    public SafetensorsException(String message, Throwable cause) {
        super(message, cause);
    }
}
