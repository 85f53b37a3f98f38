package org.rlhf4j.train.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
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
 * is not a JSON object, or that the handler finds malformed (by throwing
 * {@link RecordProblem}), goes to {@link BadRecords} as {@code FILE:LINE: what is wrong}.
 *
 * <p>Jackson is strict here: trailing content after the object and duplicate keys are errors,
 * since both usually mean two records were glued together. Its messages are kept terse (no
 * source excerpt: the line number already says where).
 */
public final class JsonlReader {

    /** Longest line read, in chars: far above any real record, well below what would exhaust the heap. */
    public static final int MAX_LINE_CHARS = 16 << 20;

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private static final Pattern JACKSON_LOCATION = Pattern.compile("\\s*\\(?(start marker )?at \\[Source: [^]]*]\\)?");

    /** Receives each record; throws {@link RecordProblem} (through the loaders) for a malformed one. */
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
            var decoder = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
            LineReader lines = new LineReader(new InputStreamReader(in, decoder), MAX_LINE_CHARS);
            while (true) {
                try {
                    if (!lines.next()) {
                        break;
                    }
                } catch (CharacterCodingException e) {
                    throw new DatasetException(new Source(file, lines.lineNumber() + 1), "not valid UTF-8");
                }
                if (lines.blank()) {
                    continue;
                }
                bad.recordRead();
                Source source = new Source(file, lines.lineNumber());
                if (lines.tooLong()) {
                    bad.reject(new DatasetException(source, "line is longer than " + MAX_LINE_CHARS + " characters"));
                    continue;
                }
                String text = lines.line();
                if (lines.lineNumber() == 1 && text.startsWith("\uFEFF")) {
                    text = text.substring(1); // byte order mark
                }
                try {
                    handler.accept(parseObject(text), source);
                } catch (RecordProblem p) {
                    bad.reject(p.at(source));
                }
            }
        } catch (IOException e) {
            throw DatasetException.inFile(file, "cannot read: " + e.getMessage(), e);
        }
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
        message = JACKSON_LOCATION.matcher(message).replaceAll("");
        message = message.replace('\n', ' ').strip();
        if (e.getLocation() != null && e.getLocation().getColumnNr() > 0) {
            message = message + " (column " + e.getLocation().getColumnNr() + ")";
        }
        return message;
    }
}
