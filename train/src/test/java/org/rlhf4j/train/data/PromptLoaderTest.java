package org.rlhf4j.train.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.rlhf4j.train.data.TestFiles.assertBad;
import static org.rlhf4j.train.data.TestFiles.write;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rlhf4j.model.tokenizer.ChatMessage;
import org.rlhf4j.model.tokenizer.HfTokenizer;
import org.rlhf4j.model.tokenizer.TokenizerFixtures;

class PromptLoaderTest {
    @TempDir
    Path tmp;

    /** A prompt is what SFT puts before the response: the same tokens, so the policy continues where it learned to. */
    @Test
    void promptsAreTokenizedAsSftTokenizesWhatPrecedesAResponse() throws IOException {
        Path file = write(tmp, "prompts.jsonl", "{\"prompt\": \"hello\", \"id\": 7}",
                "{\"messages\": [{\"role\": \"system\", \"content\": \"Be brief.\"}, {\"role\": \"user\", \"content\": \"the\"}]}");
        try (HfTokenizer tok = HfTokenizer.load(TokenizerFixtures.gpt2(tmp.resolve("tok")))) {
            List<int[]> prompts = PromptLoader.load(file, tok, 64, BadRecords.failing());
            assertEquals(2, prompts.size());
            SftExample plain = new SftTokenizer(tok, 64).tokenize(
                    new Demonstration.PromptCompletion("hello", " world", new Source(file, 1)));
            assertArrayEquals(Arrays.copyOf(plain.ids(), firstLoss(plain)), prompts.get(0));
            SftExample chat = new SftTokenizer(tok, 64).tokenize(new Demonstration.Conversation(List.of(
                    ChatMessage.system("Be brief."), ChatMessage.user("the"), ChatMessage.assistant("world")), new Source(file, 2)));
            assertArrayEquals(Arrays.copyOf(chat.ids(), firstLoss(chat)), prompts.get(1));
        }
    }

    @Test
    void badPromptsNameFileAndLine() throws IOException {
        try (HfTokenizer tok = HfTokenizer.load(TokenizerFixtures.gpt2(tmp.resolve("tok")))) {
            Path endsWithReply = write(tmp, "a.jsonl", "{\"prompt\": \"ok\"}", "{\"messages\": [{\"role\": \"user\", \"content\": \"q\"},"
                    + " {\"role\": \"assistant\", \"content\": \"a\"}]}");
            assertBad(endsWithReply, 2, "field \"messages\" must end with a user turn; the response is the next one",
                    () -> PromptLoader.load(endsWithReply, tok, 64, BadRecords.failing()));
            Path tooLong = write(tmp, "b.jsonl", "{\"prompt\": \"hello world hello world hello world\"}");
            int n = tok.encode("hello world hello world hello world", true).length;
            assertBad(tooLong, 1, "prompt has " + n + " tokens, more than the maximum length 4",
                    () -> PromptLoader.load(tooLong, tok, 4, BadRecords.failing()));
            Path missing = write(tmp, "c.jsonl", "{\"text\": \"x\"}");
            assertBad(missing, 1, "field \"prompt\" is missing", () -> PromptLoader.load(missing, tok, 64, BadRecords.failing()));
        }
    }

    private static int firstLoss(SftExample e) {
        int i = 0;
        while (!e.lossMask()[i]) {
            i++;
        }
        return i;
    }
}
