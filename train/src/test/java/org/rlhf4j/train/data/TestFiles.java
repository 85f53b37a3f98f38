package org.rlhf4j.train.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.function.Executable;

/** Writes small dataset files and checks the exact {@code FILE:LINE: problem} messages. */
final class TestFiles {

    private TestFiles() {
    }

    /** A file of the given lines, each ended by a newline. */
    static Path write(Path dir, String name, String... lines) {
        try {
            Path file = dir.resolve(name);
            Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static DatasetException assertBad(Path file, int line, String problem, Executable load) {
        DatasetException e = assertThrows(DatasetException.class, load);
        assertEquals(file + ":" + line + ": " + problem, e.getMessage());
        assertEquals(problem, e.problem());
        assertEquals(new Source(file, line), e.source());
        return e;
    }
}
