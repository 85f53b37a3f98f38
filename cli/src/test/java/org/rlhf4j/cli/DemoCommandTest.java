package org.rlhf4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rlhf4j.cli.demo.DemoPipeline;

/**
 * The demo end to end at --quick size (about a minute here): every stage runs and leaves its result,
 * the report has every section, a rerun skips every stage, and `rlhf4j eval` takes the demo's folders.
 */
class DemoCommandTest {
    @TempDir
    static Path tmp;

    static Path run;
    static CommandsTest.Run first;

    @BeforeAll
    static void runQuickDemo() {
        run = tmp.resolve("demo");
        first = CommandsTest.run("demo", "--quick", "--out", run.toString(), "--seed", "7");
    }

    @Test
    void everyStageRunsAndTheReportHasEverySection() throws Exception {
        assertEquals(0, first.code(), first.err());
        JsonNode stages = new ObjectMapper().readTree(run.resolve("stages.json").toFile());
        for (String stage : DemoPipeline.STAGES) {
            assertTrue(stages.has(stage), "stage " + stage + " missing from " + stages);
            assertTrue(first.out().contains(stage), first.out());
        }
        for (String model : new String[] {"base", "sft", "rm", "ppo", "ppo-ptx"}) {
            assertTrue(Files.exists(run.resolve(model).resolve("model.safetensors")), model);
        }
        assertTrue(Files.exists(run.resolve("labeling/sft/demonstrations.jsonl")));
        assertTrue(Files.exists(run.resolve("labeling/rm/comparisons.jsonl")));

        JsonNode results = new ObjectMapper().readTree(run.resolve("results.json").toFile());
        assertEquals(4, results.get("models").size());
        for (JsonNode m : results.get("models")) {
            assertNotNull(m.get("win_rate"), m.toString());
            assertEquals(2, m.get("win_rate_ci").size(), m.toString());
        }
        String html = Files.readString(run.resolve("report.html"));
        for (String section : new String[] {"Setup", "Win rate against sft", "Win rate by judge group", "Metadata",
            "Truthfulness", "Toxicity", "Alignment tax", "Reward model accuracy", "Training curves", "Samples"}) {
            assertTrue(html.contains(section), "report.html lacks " + section);
        }
        assertTrue(Files.readString(run.resolve("report.md")).contains("ppo-ptx"));
        assertTrue(first.out().contains("report: "), first.out());
    }

    @Test
    void aRerunSkipsEveryFinishedStage() {
        CommandsTest.Run again = CommandsTest.run("demo", "--quick", "--out", run.toString(), "--seed", "7");
        assertEquals(0, again.code(), again.err());
        for (String stage : DemoPipeline.STAGES) {
            assertTrue(again.out().lines().anyMatch(l -> l.strip().startsWith(stage + " ") && l.endsWith("(done before)")),
                    again.out());
        }
        assertTrue(first.out().lines().noneMatch(l -> l.endsWith("(done before)")), first.out());
    }

    @Test
    void evalTakesTheDemosModelFolders() throws Exception {
        Path out = tmp.resolve("eval");
        CommandsTest.Run r = CommandsTest.run("eval", "--models", "base=" + run.resolve("base") + ",sft=" + run.resolve("sft"),
                "--prompts", run.resolve("world/test.jsonl").toString(), "--limit", "12", "--max-new-tokens", "8",
                "--toxicity-prompts", "2", "--judges", "training", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("base") && r.out().contains("win rate vs sft"), r.out());
        JsonNode results = new ObjectMapper().readTree(out.resolve("results.json").toFile());
        assertEquals(12, results.get("setup").get("test_prompts").asInt());
        assertTrue(Files.exists(out.resolve("report.html")));

        CommandsTest.Run bad = CommandsTest.run("eval", "--models", "base=" + tmp.resolve("nope"), "--prompts",
                run.resolve("world/test.jsonl").toString(), "--out", out.toString());
        assertEquals(Main.BAD_INPUT, bad.code());
        assertTrue(bad.err().contains("does not exist"), bad.err());
    }
}
