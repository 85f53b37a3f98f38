package org.rlhf4j.train.data;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A dataset a run cannot use. The message is exactly {@code FILE:LINE: what is wrong} (or
 * {@code FILE: what is wrong} for the file as a whole), the form editors and CI logs turn into
 * links, so it is shown to people as it is, without a stack trace.
 */
public final class DatasetException extends RuntimeException {

    private final Path file;
    private final Source source;
    private final String problem;

    /** A problem with one record. */
    public DatasetException(Source source, String problem) {
        super(source + ": " + problem);
        this.file = source.file();
        this.source = source;
        this.problem = Objects.requireNonNull(problem, "problem");
    }

    private DatasetException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
        this.source = null;
        this.problem = problem;
    }

    /** A problem with a whole file (missing, unreadable). */
    public static DatasetException inFile(Path file, String problem, Throwable cause) {
        return new DatasetException(file, problem, cause);
    }

    public Path file() {
        return file;
    }

    /** The record at fault, or null when the problem is with the whole file. */
    public Source source() {
        return source;
    }

    /** What is wrong, without the {@code FILE:LINE: } prefix. */
    public String problem() {
        return problem;
    }
}
