package org.rlhf4j.train.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.rlhf4j.train.data.TestFiles.assertBad;
import static org.rlhf4j.train.data.TestFiles.write;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rlhf4j.model.tokenizer.ChatMessage;

class DemonstrationLoaderTest {

    @TempDir
    Path tmp;

    @Test
    void bothShapesInOneFile() {
        Path file = write(tmp, "sft.jsonl",
                "{\"prompt\": \"Say hi.\", \"completion\": \" Hi!\", \"id\": 17}",
                "",
                "{\"messages\": [{\"role\": \"system\", \"content\": \"Be brief.\"}, {\"role\": \"user\", \"content\": \"Hi\"},"
                        + " {\"role\": \"assistant\", \"content\": \"Hello.\"}]}");
        List<Demonstration> ds = DemonstrationLoader.load(file, BadRecords.failing());
        assertEquals(List.of(
                new Demonstration.PromptCompletion("Say hi.", " Hi!", new Source(file, 1)),
                new Demonstration.Conversation(List.of(ChatMessage.system("Be brief."), ChatMessage.user("Hi"),
                        ChatMessage.assistant("Hello.")), new Source(file, 3))), ds);
    }

    private void assertRecordBad(String json, String problem) {
        Path file = write(tmp, "bad.jsonl", "{\"prompt\": \"p\", \"completion\": \"c\"}", json);
        assertBad(file, 2, problem, () -> DemonstrationLoader.load(file, BadRecords.failing()));
    }

    @Test
    void promptCompletionProblems() {
        assertRecordBad("{\"prompt\": \"p\"}", "field \"completion\" is missing");
        assertRecordBad("{\"completion\": \"c\"}", "field \"prompt\" is missing");
        assertRecordBad("{\"text\": \"c\"}", "needs \"prompt\" and \"completion\", or \"messages\"");
        assertRecordBad("{\"prompt\": 3, \"completion\": \"c\"}", "field \"prompt\" must be a string, got number");
        assertRecordBad("{\"prompt\": \"p\", \"completion\": null}", "field \"completion\" must be a string, got null");
        assertRecordBad("{\"prompt\": \"\", \"completion\": \"c\"}", "field \"prompt\" is empty");
        assertRecordBad("{\"prompt\": \"p\", \"completion\": \" \\n\"}", "field \"completion\" is empty");
        assertRecordBad("{\"prompt\": \"p\", \"completion\": \"c\", \"messages\": []}",
                "has both \"messages\" and \"prompt\"/\"completion\"; a record is one or the other");
    }

    @Test
    void messagesProblems() {
        assertRecordBad("{\"messages\": \"hi\"}", "field \"messages\" must be an array, got string");
        assertRecordBad("{\"messages\": []}", "field \"messages\" has no assistant message");
        assertRecordBad("{\"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}]}", "field \"messages\" has no assistant message");
        assertRecordBad("{\"messages\": [\"Hi\"]}", "field \"messages[0]\" must be an object, got string");
        assertRecordBad("{\"messages\": [{\"content\": \"Hi\"}]}", "field \"messages[0].role\" is missing");
        assertRecordBad("{\"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}, {\"role\": \"tool\", \"content\": \"{}\"}]}",
                "field \"messages[1].role\": \"tool\" is not one of system, user, assistant");
        assertRecordBad("{\"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}, {\"role\": \"assistant\"}]}",
                "field \"messages[1].content\" is missing");
        assertRecordBad("{\"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}, {\"role\": \"assistant\", \"content\": \"\"}]}",
                "field \"messages[1].content\" is empty");
        assertRecordBad("{\"messages\": [{\"role\": \"user\", \"content\": [\"Hi\"]}]}",
                "field \"messages[0].content\" must be a string, got array");
    }

    @Test
    void skipPolicyCountsAndKeepsTheRest() {
        Path file = write(tmp, "mixed.jsonl",
                "{\"prompt\": \"a\", \"completion\": \"b\"}",
                "{\"prompt\": \"a\"}",
                "not json",
                "{\"prompt\": \"c\", \"completion\": \"d\"}");
        BadRecords bad = BadRecords.skipping();
        List<Demonstration> ds = DemonstrationLoader.load(file, bad);
        assertEquals(2, ds.size());
        assertEquals(4, ds.get(1).source().line());
        assertEquals(2, bad.skipped());
        assertEquals(4, bad.records());
        assertEquals(file + ":2: field \"completion\" is missing", bad.messages().get(0));
        assertEquals("skipped 2 bad records of 4 (first: " + file + ":2: field \"completion\" is missing)", bad.summary());
    }
}
