package org.rlhf4j.sim.labelers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rlhf4j.labeling.ProjectSettings;
import org.rlhf4j.labeling.ProjectStore;
import org.rlhf4j.labeling.TaskType;
import org.rlhf4j.labeling.db.Database;
import org.rlhf4j.labeling.export.Exporter;
import org.rlhf4j.sim.judge.Checker;
import org.rlhf4j.sim.judge.Measurement;
import org.rlhf4j.sim.prompts.Category;
import org.rlhf4j.sim.prompts.SimPrompt;

/** Simulated labelers through the labeling store: the same queue, submissions and export as people. */
class StoreLabelingTest {
    @TempDir
    Path dir;

    private static final Checker CHECKER = (prompt, response) -> {
        boolean correct = response.toLowerCase().contains(prompt.answers().getFirst());
        boolean invents = !correct && response.startsWith("The capital");
        return new Measurement(correct ? 1 : 0, !response.isBlank(), false, invents, false, 0,
                response.strip().split("\\s+").length);
    };

    private static List<SimPrompt> prompts() {
        List<SimPrompt> prompts = new ArrayList<>();
        String[][] facts = {{"France", "paris"}, {"Spain", "madrid"}, {"Italy", "rome"}, {"Peru", "lima"},
            {"Chile", "santiago"}, {"Japan", "tokyo"}, {"Kenya", "nairobi"}, {"Egypt", "cairo"}};
        for (String[] f : facts) {
            String answer = Character.toUpperCase(f[1].charAt(0)) + f[1].substring(1);
            prompts.add(new SimPrompt("capital-" + f[0], "What is the capital of " + f[0] + "?", Category.OPEN_QA,
                    "capital", List.of(), List.of(f[1]), List.of(f[1]), "The capital of " + f[0] + " is " + answer + ".",
                    true));
        }
        return prompts;
    }

    private Path labelAll(String name, long seed) throws Exception {
        Path out = dir.resolve(name);
        try (Database db = Database.open(dir.resolve(name + ".db").toString())) {
            ProjectStore project = new ProjectStore(db);
            project.update(new ProjectSettings("sim", 4, 2, true, true));
            for (SimPrompt p : prompts()) {
                long id = project.addPrompt(p.prompt());
                project.addCandidate(id, "gold", p.reference());
                project.addCandidate(id, "wrong", "The capital of it is Atlantis.");
                project.addCandidate(id, "vague", "It is a city.");
                project.addCandidate(id, "empty-ish", "Hmm");
            }
            // A prompt typed in by a person: not the world's, so skipped with a reason.
            long other = project.addPrompt("Write me a poem.");
            for (int i = 0; i < 4; i++) {
                project.addCandidate(other, "m" + i, "poem " + i);
            }
            LabelerPanel panel = LabelerPanel.create(seed);
            StoreLabeling labeling = new StoreLabeling(db, prompts(), CHECKER, Fluency.NONE, seed);
            StoreLabeling.Summary demos = labeling.work(panel.training(), TaskType.DEMONSTRATION, n -> { });
            StoreLabeling.Summary ranks = labeling.work(panel.training(), TaskType.RANKING, n -> { });
            // overlap 2: every prompt done by two labelers; a skip gives the poem back to the queue, so
            // each of the 8 labelers is offered it once and skips it
            assertEquals(16, demos.submitted());
            assertEquals(8, demos.skipped());
            assertEquals(16, ranks.submitted());
            assertEquals(8, ranks.skipped());
            // a second pass finds no work: nothing is done twice
            assertEquals(0, labeling.work(panel.training(), TaskType.RANKING, n -> { }).submitted());
            Exporter.export(db, out);
        }
        return out;
    }

    @Test
    void labelersWriteDemonstrationsAndRankingsThatTheExportTurnsIntoTrainingFiles() throws Exception {
        Path out = labelAll("run", 5);
        List<String> demos = Files.readAllLines(out.resolve("demonstrations.jsonl"));
        assertEquals(16, demos.size());
        ObjectMapper json = new ObjectMapper();
        int answered = 0;
        for (String line : demos) {
            String completion = json.readTree(line).get("completion").asText();
            assertTrue(completion.startsWith("The capital of") || completion.equals(SimLabeler.UNSURE), line);
            answered += completion.startsWith("The capital of") ? 1 : 0;
        }
        assertTrue(answered >= 8, answered + " of 16 demonstrations answer");
        List<String> comparisons = Files.readAllLines(out.resolve("comparisons.jsonl"));
        assertEquals(16, comparisons.size());
        int goldFirst = 0;
        for (String line : comparisons) {
            JsonNode c = json.readTree(line);
            int best = c.get("ranking").get(0).get(0).asInt();
            if (c.get("models").get(best).asText().equals("gold")) {
                goldFirst++;
            }
        }
        // The gold answer's utility is far above the others' (correctness 3 on top): first nearly always.
        assertTrue(goldFirst >= 14, "gold ranked first in " + goldFirst + " of 16");
        JsonNode agreement = json.readTree(out.resolve("agreement.json").toFile());
        assertEquals(8, agreement.get("overlapping_prompts").asInt());
    }

    @Test
    void theSameSeedGivesTheSameLabels() throws Exception {
        Path a = labelAll("a", 9);
        Path b = labelAll("b", 9);
        assertEquals(Files.readString(a.resolve("comparisons.jsonl")), Files.readString(b.resolve("comparisons.jsonl")));
    }
}
