package org.rlhf4j.train.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rlhf4j.train.data.TestFiles.assertBad;
import static org.rlhf4j.train.data.TestFiles.write;

import java.io.IOException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonlReaderTest {

    @TempDir
    Path tmp;

    private List<String> read(Path file, BadRecords bad) {
        List<String> seen = new ArrayList<>();
        JsonlReader.read(file, bad, (record, source) -> seen.add(source.line() + " " + record.path("a").asText()));
        return seen;
    }

    @Test
    void blankLinesAreSkippedAndLinesCountedAsInTheFile() {
        Path file = write(tmp, "x.jsonl", "{\"a\": \"one\"}", "", "   ", "{\"a\": \"two\"}\r", "{\"a\": \"three\"}");
        BadRecords bad = BadRecords.failing();
        assertEquals(List.of("1 one", "4 two", "5 three"), read(file, bad));
        assertEquals(3, bad.records());
    }

    @Test
    void byteOrderMarkAndNoFinalNewline() throws IOException {
        Path file = tmp.resolve("bom.jsonl");
        Files.writeString(file, "\uFEFF{\"a\": \"é\"}\n{\"a\": \"z\"}");
        assertEquals(List.of("1 é", "2 z"), read(file, BadRecords.failing()));
    }

    @Test
    void badJsonIsReportedTerselyWithItsLine() {
        Path file = write(tmp, "x.jsonl", "{\"a\": \"ok\"}", "{\"a\": 1");
        assertBad(file, 2, "bad JSON: Unexpected end-of-input: expected close marker for Object (column 8)",
                () -> read(file, BadRecords.failing()));
    }

    @Test
    void unquotedValue() {
        Path file = write(tmp, "x.jsonl", "{\"a\": x}");
        assertBad(file, 1, "bad JSON: Unrecognized token 'x': was expecting (JSON String, Number, Array, Object or token "
                + "'null', 'true' or 'false') (column 8)", () -> read(file, BadRecords.failing()));
    }

    @Test
    void twoRecordsOnOneLine() {
        Path file = write(tmp, "x.jsonl", "{\"a\": 1} {\"a\": 2}");
        assertBad(file, 1, "bad JSON: more than one JSON value on the line (column 10)", () -> read(file, BadRecords.failing()));
    }

    @Test
    void duplicateKey() {
        Path file = write(tmp, "x.jsonl", "{\"a\": 1, \"a\": 2}");
        assertBad(file, 1, "bad JSON: Duplicate field 'a' (column 13)", () -> read(file, BadRecords.failing()));
    }

    @Test
    void notAnObject() {
        Path file = write(tmp, "x.jsonl", "[1, 2]", "\"text\"");
        assertBad(file, 1, "expected a JSON object, got array", () -> read(file, BadRecords.failing()));
        BadRecords bad = BadRecords.skipping();
        read(file, bad);
        assertEquals(List.of(file + ":1: expected a JSON object, got array", file + ":2: expected a JSON object, got string"),
                bad.messages());
    }

    @Test
    void handlerRejectsItsOwnRecord() {
        Path file = write(tmp, "x.jsonl", "{\"a\": 1}", "{\"a\": 2}");
        BadRecords bad = BadRecords.skipping();
        List<Integer> kept = new ArrayList<>();
        JsonlReader.read(file, bad, (record, source) -> {
            if (record.get("a").intValue() == 1) {
                throw new DatasetException(source, "field \"a\" must not be 1");
            }
            kept.add(source.line());
        });
        assertEquals(List.of(2), kept);
        assertEquals(List.of(file + ":1: field \"a\" must not be 1"), bad.messages());
    }

    @Test
    void missingFileWhateverThePolicy() {
        Path file = tmp.resolve("nope.jsonl");
        DatasetException e = assertThrows(DatasetException.class, () -> read(file, BadRecords.skipping()));
        assertEquals(file + ": no such file", e.getMessage());
        assertNull(e.source());
    }

    @Test
    void pathIsReportedAsGiven() {
        Path relative = Path.of("").toAbsolutePath().relativize(write(tmp, "rel.jsonl", "oops"));
        assertFalse(relative.isAbsolute());
        DatasetException e = assertThrows(DatasetException.class, () -> read(relative, BadRecords.failing()));
        assertTrue(e.getMessage().startsWith(relative + ":1: bad JSON: "), e.getMessage());
    }

    @Test
    void invalidUtf8StopsAtItsLine() throws IOException {
        Path file = tmp.resolve("latin1.jsonl");
        Files.write(file, new byte[] {'{', '}', '\n', '{', '"', 'a', '"', ':', '"', (byte) 0xE9, '"', '}', '\n'});
        assertBad(file, 2, "not valid UTF-8", () -> read(file, BadRecords.failing()));
        BadRecords bad = BadRecords.skipping();
        assertEquals(List.of("1 "), read(file, bad));
        assertEquals(List.of(file + ":2: not valid UTF-8"), bad.messages());
    }

    @Test
    void lineReaderCapsLineLengthAndCarriesOn() throws IOException {
        LineReader lines = new LineReader(bytes("abc\n" + "x".repeat(10) + "\r\nde\r\n"), 5);
        assertTrue(lines.next());
        assertEquals("abc", lines.line());
        assertTrue(lines.next());
        assertTrue(lines.tooLong());
        assertFalse(lines.blank());
        assertEquals(2, lines.lineNumber());
        assertTrue(lines.next());
        assertEquals("de", lines.line());
        assertFalse(lines.tooLong());
        assertEquals(3, lines.lineNumber());
        assertFalse(lines.next());
    }

    @Test
    void lineReaderAcrossBufferBoundaries() throws IOException {
        String big = "y".repeat(200_000);
        LineReader lines = new LineReader(bytes(big + "\n\n\u00e9\u4e16\ud83c\udf89"), 1 << 20);
        assertTrue(lines.next());
        assertEquals(big, lines.line());
        assertTrue(lines.next());
        assertTrue(lines.blank());
        assertTrue(lines.next());
        assertEquals("\u00e9\u4e16\ud83c\udf89", lines.line());
        assertFalse(lines.next());
    }

    private static InputStream bytes(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }
}
