package org.rlhf4j.train.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.rlhf4j.train.data.TestFiles.assertBad;
import static org.rlhf4j.train.data.TestFiles.write;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rlhf4j.model.tokenizer.ChatMessage;

class ComparisonLoaderTest {

    @TempDir
    Path tmp;

    @Test
    void pairwiseAndKWise() {
        Path file = write(tmp, "rm.jsonl",
                "{\"prompt\": \"Q\", \"chosen\": \"good\", \"rejected\": \"bad\"}",
                "{\"prompt\": \"Q\", \"responses\": [\"a\", \"b\", \"c\", \"d\"], \"ranking\": [[2], [0, 3], [1]]}");
        List<Comparison> cs = ComparisonLoader.load(file, BadRecords.failing());
        Comparison pair = cs.get(0);
        assertEquals(2, pair.k());
        assertEquals(List.of("good", "bad"), pair.responses());
        assertEquals(Ranking.pairwise(), pair.ranking());
        assertArrayEquals(new int[] {0, 1}, pair.pairs().getFirst());
        Comparison four = cs.get(1);
        assertEquals(4, four.k());
        assertEquals(5, four.pairs().size());
        assertEquals(new Source(file, 2), four.source());
    }

    @Test
    void conversationsAsMessagesOrAsTrlsPromptList() {
        Path file = write(tmp, "rm.jsonl",
                "{\"messages\": [{\"role\": \"system\", \"content\": \"Be brief.\"}, {\"role\": \"user\", \"content\": \"Q\"}],"
                        + " \"responses\": [\"a\", \"b\", \"c\"], \"ranking\": [[1], [0, 2]]}",
                "{\"prompt\": [{\"role\": \"user\", \"content\": \"Q\"}], \"chosen\": [{\"role\": \"assistant\", \"content\": \"good\"}],"
                        + " \"rejected\": [{\"role\": \"assistant\", \"content\": \"bad\"}]}",
                "{\"prompt\": [{\"role\": \"user\", \"content\": \"Q\"}], \"chosen\": \"good\", \"rejected\": \"bad\"}");
        List<Comparison> cs = ComparisonLoader.load(file, BadRecords.failing());
        assertEquals(List.of(ChatMessage.system("Be brief."), ChatMessage.user("Q")), cs.get(0).messages());
        assertEquals(null, cs.get(0).prompt());
        assertEquals(2, cs.get(0).pairs().size());
        for (Comparison c : cs.subList(1, 3)) {
            assertEquals(List.of(ChatMessage.user("Q")), c.messages());
            assertEquals(List.of("good", "bad"), c.responses());
        }
    }

    @Test
    void conversationProblems() {
        assertRecordBad("{\"messages\": [{\"role\": \"user\", \"content\": \"Q\"}], \"prompt\": \"Q\", \"chosen\": \"a\","
                + " \"rejected\": \"b\"}", "has both \"messages\" and \"prompt\"; the prompt is one or the other");
        assertRecordBad("{\"messages\": [{\"role\": \"user\", \"content\": \"Q\"}, {\"role\": \"assistant\", \"content\": \"A\"}],"
                + " \"chosen\": \"a\", \"rejected\": \"b\"}",
                "the conversation ends with an assistant turn; the responses are the next one");
        assertRecordBad("{\"messages\": [{\"role\": \"robot\", \"content\": \"Q\"}], \"chosen\": \"a\", \"rejected\": \"b\"}",
                "field \"messages[0].role\": \"robot\" is not one of system, user, assistant");
        assertRecordBad("{\"prompt\": [{\"role\": \"user\", \"content\": \"Q\"}], \"chosen\": [{\"role\": \"user\", \"content\": \"a\"}],"
                + " \"rejected\": \"b\"}", "field \"chosen\" as a list must hold one assistant message");
    }

    private void assertRecordBad(String json, String problem) {
        Path file = write(tmp, "rm.jsonl", "", json);
        assertBad(file, 2, problem, () -> ComparisonLoader.load(file, BadRecords.failing()));
    }

    @Test
    void pairwiseProblems() {
        assertRecordBad("{\"chosen\": \"a\", \"rejected\": \"b\"}", "field \"prompt\" is missing");
        assertRecordBad("{\"prompt\": \"Q\", \"chosen\": \"a\"}", "field \"rejected\" is missing");
        assertRecordBad("{\"prompt\": \"Q\", \"chosen\": \"\", \"rejected\": \"b\"}", "field \"chosen\" is empty");
        assertRecordBad("{\"prompt\": \"Q\", \"chosen\": [\"a\"], \"rejected\": \"b\"}", "field \"chosen\" must be a string, got array");
        assertRecordBad("{\"prompt\": \"\", \"chosen\": \"a\", \"rejected\": \"b\"}", "field \"prompt\" is empty");
        assertRecordBad("{\"prompt\": \"Q\"}", "needs \"chosen\" and \"rejected\", or \"responses\" and \"ranking\"");
        assertRecordBad("{\"prompt\": \"Q\", \"chosen\": \"a\", \"rejected\": \"b\", \"ranking\": [0, 1]}",
                "has both \"chosen\"/\"rejected\" and \"responses\"/\"ranking\"; a record is one or the other");
    }

    @Test
    void kWiseProblems() {
        assertRecordBad("{\"prompt\": \"Q\", \"responses\": [\"a\", \"b\", \"c\"], \"ranking\": [0, 1, 4]}",
                "field \"ranking\": index 4 is out of range for 3 responses");
        assertRecordBad("{\"prompt\": \"Q\", \"responses\": [\"a\", \"b\", \"c\"], \"ranking\": [0, 1, 1]}",
                "field \"ranking\": index 1 appears more than once");
        assertRecordBad("{\"prompt\": \"Q\", \"responses\": [\"a\", \"b\", \"c\"], \"ranking\": [[0, 1, 2]]}",
                "field \"ranking\": all responses are tied, so there is no pair to learn from");
        assertRecordBad("{\"prompt\": \"Q\", \"responses\": [\"a\", \"b\"]}", "field \"ranking\" is missing");
        assertRecordBad("{\"prompt\": \"Q\", \"ranking\": [0, 1]}", "field \"responses\" is missing");
        assertRecordBad("{\"prompt\": \"Q\", \"responses\": [\"a\"], \"ranking\": [0]}", "field \"responses\" needs at least 2 responses, got 1");
        assertRecordBad("{\"prompt\": \"Q\", \"responses\": \"a\", \"ranking\": [0]}", "field \"responses\" must be an array, got string");
        assertRecordBad("{\"prompt\": \"Q\", \"responses\": [\"a\", 7], \"ranking\": [0, 1]}", "field \"responses[1]\" must be a string, got number");
        assertRecordBad("{\"prompt\": \"Q\", \"responses\": [\"a\", \" \"], \"ranking\": [0, 1]}", "field \"responses[1]\" is empty");
        assertRecordBad("{\"prompt\": 1, \"responses\": [\"a\", \"b\"], \"ranking\": [0, 1]}", "field \"prompt\" must be a string, got number");
    }

    @Test
    void skipPolicy() {
        Path file = write(tmp, "rm.jsonl",
                "{\"prompt\": \"Q\", \"chosen\": \"a\", \"rejected\": \"b\"}",
                "{\"prompt\": \"Q\", \"responses\": [\"a\", \"b\", \"c\"], \"ranking\": [0, 1, 4]}",
                "{\"prompt\": \"Q\", \"responses\": [\"a\", \"b\", \"c\"], \"ranking\": [[1], [0, 2]]}");
        BadRecords bad = BadRecords.skipping();
        List<Comparison> cs = ComparisonLoader.load(file, bad);
        assertEquals(2, cs.size());
        assertEquals(1, bad.skipped());
        assertEquals(List.of(file + ":2: field \"ranking\": index 4 is out of range for 3 responses"), bad.messages());
    }
}
