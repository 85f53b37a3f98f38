package org.rlhf4j.labeling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rlhf4j.labeling.db.Database;

/** JSONL imports: what goes in, and errors that name the file and line with nothing stored. */
class JsonlImporterTest {
    @TempDir
    Path dir;
    Database db;
    JsonlImporter importer;
    ProjectStore project;

    @BeforeEach
    void open() {
        db = Database.open(dir.resolve("labels.db").toString());
        importer = new JsonlImporter(db);
        project = new ProjectStore(db);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private Path file(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void promptsAndCandidatesGoInOnceEach() throws Exception {
        Path prompts = file("p.jsonl", "{\"prompt\": \"Say hi\"}\n\n{\"prompt\": \"Explain WAL\\nbriefly\"}\n");
        assertEquals(new JsonlImporter.Result(2, 0), importer.importPrompts(prompts));
        assertEquals(new JsonlImporter.Result(0, 2), importer.importPrompts(prompts), "same text is skipped");
        Path candidates = file("c.jsonl", """
                {"prompt_id": 1, "model": "a", "output": "hi"}
                {"prompt": "Say hi", "model": "b", "output": "hello"}
                {"prompt": "A new prompt", "output": "made up"}
                """);
        assertEquals(3, importer.importCandidates(candidates).added());
        ProjectStore.Totals t = project.totals();
        assertEquals(3, t.prompts());
        assertEquals(3, t.candidates());
        assertEquals("Explain WAL\nbriefly", project.prompts(10).get(1).text());
    }

    @Test
    void errorsNameFileAndLineAndStoreNothing() throws Exception {
        Path bad = file("bad.jsonl", "{\"prompt\": \"fine\"}\n{\"prompt\": 3}\n");
        var e = assertThrows(InvalidSubmissionException.class, () -> importer.importPrompts(bad));
        assertEquals(bad + ":2: field \"prompt\" must be a non-empty string", e.getMessage());
        assertTrue(assertThrows(InvalidSubmissionException.class, () -> importer.importPrompts(file("j.jsonl", "{\"prompt\": \"a\"}\n{oops\n")))
                .getMessage().startsWith(dir.resolve("j.jsonl") + ":2: not valid JSON"));
        assertEquals(dir.resolve("n.jsonl") + ":1: missing field \"prompt\"",
                assertThrows(InvalidSubmissionException.class, () -> importer.importPrompts(file("n.jsonl", "{\"text\": \"a\"}\n"))).getMessage());
        assertEquals(dir.resolve("c.jsonl") + ":2: no prompt with id 42",
                assertThrows(InvalidSubmissionException.class, () -> importer.importCandidates(
                        file("c.jsonl", "{\"prompt\": \"x\", \"output\": \"o\"}\n{\"prompt_id\": 42, \"output\": \"o\"}\n"))).getMessage());
        assertEquals(dir.resolve("b.jsonl") + ":1: needs exactly one of \"prompt_id\" and \"prompt\"",
                assertThrows(InvalidSubmissionException.class, () -> importer.importCandidates(
                        file("b.jsonl", "{\"prompt_id\": 1, \"prompt\": \"x\", \"output\": \"o\"}\n"))).getMessage());
        assertEquals(0, project.totals().prompts(), "a failed import stores nothing, not even the good lines");
    }

    @Test
    void sqliteRunsInWalModeAndMigrationsAreRepeatable() {
        assertEquals("wal", db.read(c -> {
            try (var s = c.createStatement(); var rs = s.executeQuery("PRAGMA journal_mode")) {
                rs.next();
                return rs.getString(1);
            }
        }));
        Database.open(dir.resolve("labels.db").toString()).close();
    }
}
