package org.rlhf4j.sim.prompts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rlhf4j.train.data.DatasetException;

class SimPromptJsonTest {
    @TempDir
    Path dir;

    private static final SimPrompt CAPITAL = new SimPrompt("capital-1", "What is the capital of Austria? Answer in one word.",
            Category.OPEN_QA, "capital", List.of(Constraint.ONE_WORD), List.of("vienna", "wien"), List.of("Vienna"), "Vienna.", true);
    private static final SimPrompt SUMMARY = new SimPrompt("summarize-1", "Summarize in a few words: \"It rained. We stayed in.\"",
            Category.SUMMARIZATION, "summarize", List.of(), List.of(), List.of(), "It rained.", false);

    @Test
    void writtenPromptsReadBackEqual() throws Exception {
        Path file = dir.resolve("prompts.jsonl");
        SimPromptJson.write(file, List.of(CAPITAL, SUMMARY));
        assertEquals(List.of(CAPITAL, SUMMARY), SimPromptJson.read(file));
        assertEquals("{\"prompt\":\"What is the capital of Austria? Answer in one word.\",\"category\":\"open_qa\",\"id\":\"capital-1\","
                + "\"task\":\"capital\",\"constraints\":[\"one_word\"],\"answers\":[\"vienna\",\"wien\"],\"keywords\":[\"Vienna\"],"
                + "\"reference\":\"Vienna.\",\"factual\":true}", Files.readAllLines(file).getFirst());
    }

    @Test
    void aMalformedLineNamesTheFileTheLineAndTheField() throws Exception {
        Path file = dir.resolve("bad.jsonl");
        SimPromptJson.write(file, List.of(CAPITAL, SUMMARY));
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(file));
        lines.set(1, lines.get(1).replace("\"summarization\"", "\"poetry\""));
        Files.write(file, lines);
        DatasetException e = assertThrows(DatasetException.class, () -> SimPromptJson.read(file));
        assertEquals(file + ":2: field \"category\": unknown category \"poetry\" (one of [generation, open_qa, brainstorming, "
                + "chat, rewrite, summarization, classification, extract, closed_qa])", e.getMessage());

        lines.set(1, lines.get(0).replace("\"factual\":true", "\"factual\":\"yes\""));
        Files.write(file, lines);
        e = assertThrows(DatasetException.class, () -> SimPromptJson.read(file));
        assertEquals(file + ":2: field \"factual\": must be true or false", e.getMessage());

        lines.set(1, lines.get(0).replace("\"answers\":[\"vienna\",\"wien\"],", ""));
        Files.write(file, lines);
        e = assertThrows(DatasetException.class, () -> SimPromptJson.read(file));
        assertEquals(file + ":2: field \"answers\": missing", e.getMessage());
    }
}
