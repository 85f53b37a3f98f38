package org.rlhf4j.train.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.rlhf4j.train.data.TestFiles.assertBad;
import static org.rlhf4j.train.data.TestFiles.write;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DocumentLoaderTest {

    @TempDir
    Path tmp;

    @Test
    void jsonlTextRecords() {
        Path file = write(tmp, "pt.jsonl", "{\"text\": \"one\", \"url\": \"x\"}", "", "{\"text\": \"two\"}");
        assertEquals(List.of(new Document("one", new Source(file, 1)), new Document("two", new Source(file, 3))),
                DocumentLoader.load(file, BadRecords.failing()));
    }

    @Test
    void plainTextFileIsOneDocument() throws IOException {
        Path file = tmp.resolve("book.TXT");
        Files.writeString(file, "Chapter 1\n\n{not json}\n");
        assertEquals(List.of(new Document("Chapter 1\n\n{not json}\n", new Source(file, 1))),
                DocumentLoader.load(file, BadRecords.failing()));
    }

    @Test
    void problems() throws IOException {
        Path file = write(tmp, "pt.jsonl", "{\"text\": \"ok\"}", "{\"content\": \"x\"}");
        assertBad(file, 2, "field \"text\" is missing", () -> DocumentLoader.load(file, BadRecords.failing()));
        Path empty = write(tmp, "pt2.jsonl", "{\"text\": \"\"}");
        assertBad(empty, 1, "field \"text\" is empty", () -> DocumentLoader.load(empty, BadRecords.failing()));
        Path blank = tmp.resolve("blank.txt");
        Files.writeString(blank, " \n\n");
        assertBad(blank, 1, "text is empty", () -> DocumentLoader.load(blank, BadRecords.failing()));
        Path missing = tmp.resolve("missing.txt");
        DatasetException e = org.junit.jupiter.api.Assertions.assertThrows(DatasetException.class,
                () -> DocumentLoader.load(missing, BadRecords.skipping()));
        assertEquals(missing + ": no such file", e.getMessage());
        Path latin1 = tmp.resolve("latin1.txt");
        Files.write(latin1, new byte[] {'c', 'a', 'f', (byte) 0xE9});
        e = org.junit.jupiter.api.Assertions.assertThrows(DatasetException.class,
                () -> DocumentLoader.load(latin1, BadRecords.skipping()));
        assertEquals(latin1 + ": not valid UTF-8", e.getMessage());
    }
}
