package org.rlhf4j.train.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Streams a JSONL file: one JSON object a line, blank lines skipped, UTF-8, never the whole
 * file in memory. Each object goes to a {@link Handler} with its {@link Source}; a line that
 * is not UTF-8 or not a JSON object, or that the handler rejects, goes to {@link BadRecords}
 * as {@code FILE:LINE: what is wrong}.
 *
 * <p>Jackson is strict here: trailing content after the object and duplicate keys are errors,
 * since both usually mean two records were glued together. Its messages are kept terse (no
 * source excerpt: the line number already says where).
 */
public final class JsonlReader {

    /** Longest line read, in bytes: far above any real record, well below what would exhaust the heap. */
    public static final int MAX_LINE_BYTES = 64 << 20;

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private static final Pattern JACKSON_LOCATION = Pattern.compile("\\s*\\(?(start marker )?at \\[Source: [^]]*]\\)?");

    /**
     * Receives each record. A handler rejects a malformed record by throwing a
     * {@link DatasetException} for the {@code source} it was given (the loaders of this package
     * throw an internal equivalent); the reader passes it to {@link BadRecords}.
     */
    @FunctionalInterface
    public interface Handler {
        void accept(ObjectNode record, Source source);
    }

    private JsonlReader() {
    }

    /**
     * Reads every record of {@code file} in order.
     *
     * @throws DatasetException {@code FILE: no such file} (and other whole-file read errors)
     *                          whatever the policy; a bad record under {@link BadRecords.Policy#FAIL}
     */
    public static void read(Path file, BadRecords bad, Handler handler) {
        try (InputStream in = open(file)) {
            LineReader lines = new LineReader(in, MAX_LINE_BYTES);
            while (lines.next()) {
                if (lines.blank()) {
                    continue;
                }
                bad.recordRead();
                Source source = new Source(file, lines.lineNumber());
                try {
                    handler.accept(parseObject(text(lines)), source);
                } catch (RecordProblem p) {
                    bad.reject(p.at(source));
                } catch (DatasetException e) {
                    if (!source.equals(e.source())) {
                        throw e;
                    }
                    bad.reject(e);
                }
            }
        } catch (IOException e) {
            throw DatasetException.inFile(file, "cannot read: " + e.getMessage(), e);
        }
    }

    private static String text(LineReader lines) {
        if (lines.tooLong()) {
            throw new RecordProblem("line is longer than " + MAX_LINE_BYTES + " bytes");
        }
        String text;
        try {
            text = lines.line();
        } catch (CharacterCodingException e) {
            throw new RecordProblem("not valid UTF-8");
        }
        if (lines.lineNumber() == 1 && text.startsWith("\uFEFF")) {
            text = text.substring(1); // byte order mark
        }
        return text;
    }

    /** Opens a file, turning the usual failures into {@code FILE: no such file} and the like. */
    static InputStream open(Path file) {
        try {
            if (Files.isDirectory(file)) {
                throw DatasetException.inFile(file, "is a folder, not a file", null);
            }
            return Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            throw DatasetException.inFile(file, "no such file", e);
        } catch (AccessDeniedException e) {
            throw DatasetException.inFile(file, "permission denied", e);
        } catch (IOException e) {
            throw DatasetException.inFile(file, "cannot read: " + e.getMessage(), e);
        }
    }

    static ObjectNode parseObject(String line) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new RecordProblem("bad JSON: " + terse(e));
        }
        if (node instanceof ObjectNode object) {
            return object;
        }
        throw new RecordProblem("expected a JSON object, got " + JsonFields.typeName(node));
    }

    /** Jackson's message without its location and source dump, with the column where it failed. */
    static String terse(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        if (message.startsWith("Trailing token")) {
            message = "more than one JSON value on the line";
        }
        message = JACKSON_LOCATION.matcher(message).replaceAll("");
        message = message.replace('\n', ' ').strip();
        if (e.getLocation() != null && e.getLocation().getColumnNr() > 0) {
            message = message + " (column " + e.getLocation().getColumnNr() + ")";
        }
        return message;
    }
}
