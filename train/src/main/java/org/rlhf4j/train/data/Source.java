package org.rlhf4j.train.data;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a record came from, kept with the record through tokenizing so that a problem found
 * late (too many tokens, no loss tokens) still points at the line a person has to fix.
 *
 * @param file the path as it was given (not made absolute: messages echo what the user typed)
 * @param line 1-based line number
 */
public record Source(Path file, int line) {
    public Source {
        Objects.requireNonNull(file, "file");
        if (line < 1) {
            throw new IllegalArgumentException("line numbers start at 1, got " + line);
        }
    }

    /** {@code file:line}, the prefix of every dataset error message. */
    @Override
    public String toString() {
        return file + ":" + line;
    }
}
