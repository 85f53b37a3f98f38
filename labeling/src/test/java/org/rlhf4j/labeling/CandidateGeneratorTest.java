package org.rlhf4j.labeling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rlhf4j.labeling.db.Database;

/** Outputs sampled from a tiny random model: counts per prompt, idempotent re-runs, seeds. */
class CandidateGeneratorTest {
    /** About one token per character with the byte-level fixture: far past 64 positions minus 8 new tokens. */
    private static final String TOO_LONG = "a long prompt, ".repeat(10);

    @TempDir
    static Path tmp;
    static Path model;

    @BeforeAll
    static void saveModel() throws Exception {
        model = TinyModelFolder.create(tmp.resolve("tiny"));
    }

    /** (prompt text, model, output) of every stored output, in insertion order. */
    record Stored(String prompt, String model, String output) { }

    private static List<Stored> stored(Database db) {
        return db.read(c -> {
            List<Stored> rows = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT p.text, x.model, x.output FROM candidates x JOIN prompts p ON p.id = x.prompt_id ORDER BY x.id");
                 ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Stored(rs.getString(1), rs.getString(2), rs.getString(3)));
                }
            }
            return rows;
        });
    }

    private static Database projectWithPrompts(Path file) {
        Database db = Database.open(file.toString());
        ProjectStore project = new ProjectStore(db);
        for (String p : List.of("Say hello.", "Name a colour.", TOO_LONG, "Count to three.")) {
            project.addPrompt(p);
        }
        return db;
    }

    private static CandidateGenerator.Config config(long seed) {
        return new CandidateGenerator.Config(null, 2, 8, 1f, 1f, seed, 4);
    }

    @Test
    void fillsEveryPromptOnceAndReproducibly() throws Exception {
        List<Stored> first;
        try (Database db = projectWithPrompts(tmp.resolve("a.db"))) {
            List<int[]> progress = new ArrayList<>();
            CandidateGenerator.Result r = new CandidateGenerator(db).run(model, config(7),
                    (done, total) -> progress.add(new int[] {done, total}));
            assertEquals(new CandidateGenerator.Result("tiny", 6, 1, 0), r);
            assertEquals(List.of("0/6", "4/6", "6/6"), progress.stream().map(p -> p[0] + "/" + p[1]).toList());
            first = stored(db);
            assertEquals(6, first.size());
            for (String prompt : List.of("Say hello.", "Name a colour.", "Count to three.")) {
                List<String> outputs = first.stream().filter(s -> s.prompt().equals(prompt)).map(Stored::output).toList();
                assertEquals(2, outputs.size(), prompt);
                assertNotEquals(outputs.get(0), outputs.get(1), "the two samples of a prompt differ");
            }
            assertTrue(first.stream().allMatch(s -> s.model().equals("tiny") && !s.prompt().equals(TOO_LONG)));

            CandidateGenerator.Result again = new CandidateGenerator(db).run(model, config(7), (done, total) -> { });
            assertEquals(new CandidateGenerator.Result("tiny", 0, 1, 0), again, "a second run adds nothing");
            assertEquals(first, stored(db));
        }
        try (Database db = projectWithPrompts(tmp.resolve("b.db"))) {
            new CandidateGenerator(db).run(model, config(7), (done, total) -> { });
            assertEquals(first, stored(db), "the same seed gives the same outputs");
        }
        try (Database db = projectWithPrompts(tmp.resolve("c.db"))) {
            new CandidateGenerator(db).run(model, config(8), (done, total) -> { });
            List<Stored> other = stored(db);
            for (int i = 0; i < first.size(); i++) {
                assertNotEquals(first.get(i).output(), other.get(i).output(), "another seed samples other outputs");
            }
        }
    }

    @Test
    void topsUpToTheSampleCountPerModelName() throws Exception {
        try (Database db = Database.open(tmp.resolve("topup.db").toString())) {
            ProjectStore project = new ProjectStore(db);
            long id = project.addPrompt("Say hello.");
            project.addCandidate(id, "tiny", "an imported output");
            project.addCandidate(id, "other-model", "not counted for tiny");
            CandidateGenerator.Result r = new CandidateGenerator(db).run(model, config(1), (done, total) -> { });
            assertEquals(new CandidateGenerator.Result("tiny", 1, 0, 0), r);
            CandidateGenerator.Result named = new CandidateGenerator(db).run(model,
                    new CandidateGenerator.Config("sft-v2", 3, 8, 0.7f, 0.9f, 1, 8), (done, total) -> { });
            assertEquals(new CandidateGenerator.Result("sft-v2", 3, 0, 0), named);
            assertEquals(List.of(3, 1, 1), List.of(
                    stored(db).stream().filter(s -> s.model().equals("sft-v2")).toList().size(),
                    stored(db).stream().filter(s -> s.model().equals("other-model")).toList().size(),
                    stored(db).stream().filter(s -> s.model().equals("tiny") && !s.output().equals("an imported output"))
                            .toList().size()));
        }
    }
}
