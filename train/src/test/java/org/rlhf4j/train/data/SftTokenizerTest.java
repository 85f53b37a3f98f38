package org.rlhf4j.train.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rlhf4j.model.tokenizer.ChatMessage;
import org.rlhf4j.model.tokenizer.HfTokenizer;
import org.rlhf4j.model.tokenizer.TokenizerFixtures;

class SftTokenizerTest {

    /** Ids of the GPT-2 fixture: 256 byte symbols, then one per merge, then {@code <|endoftext|>}. */
    static final int HELLO = 256 + 3;
    static final int SPACE_WORLD = 256 + 8;
    static final int ENDOFTEXT = 256 + 11;

    @TempDir
    Path tmp;

    private static final Source SOURCE = new Source(Path.of("data/sft.jsonl"), 3);

    private static String text(HfTokenizer tok, SftExample e, boolean loss) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < e.length(); i++) {
            if (e.lossMask()[i] == loss) {
                s.append(tok.decode(new int[] {e.ids()[i]}, false));
            }
        }
        return s.toString();
    }

    @Test
    void promptCarriesNoLossCompletionAndEosDo() throws IOException {
        try (HfTokenizer tok = HfTokenizer.load(TokenizerFixtures.gpt2(tmp))) {
            SftExample e = new SftTokenizer(tok, 16).tokenize(
                    new Demonstration.PromptCompletion("hello", " world", SOURCE));
            assertArrayEquals(new int[] {HELLO, SPACE_WORLD, ENDOFTEXT}, e.ids());
            assertArrayEquals(new boolean[] {false, true, true}, e.lossMask());
            assertEquals(2, e.lossTokens());
            assertEquals(SOURCE, e.source());
        }
    }

    @Test
    void longerRenderedExample() throws IOException {
        try (HfTokenizer tok = HfTokenizer.load(TokenizerFixtures.gpt2(tmp))) {
            SftExample e = new SftTokenizer(tok, 64).tokenize(
                    new Demonstration.PromptCompletion("Q: say hello world.\nA:", " hello world, the end.", SOURCE));
            assertEquals("Q: say hello world.\nA:", text(tok, e, false));
            assertEquals(" hello world, the end.<|endoftext|>", text(tok, e, true));
            int promptLength = tok.encode("Q: say hello world.\nA:", true).length;
            for (int i = 0; i < e.length(); i++) {
                assertEquals(i >= promptLength, e.lossMask()[i], "token " + i);
            }
            assertEquals(ENDOFTEXT, e.ids()[e.length() - 1]);
        }
    }

    @Test
    void llamaPromptStartsWithBosWithoutLoss() throws IOException {
        Path dir = TokenizerFixtures.llama(tmp);
        TokenizerFixtures.writeConfig(dir, "{\"bos_token\": \"<s>\", \"eos_token\": \"</s>\", \"unk_token\": \"<unk>\"}");
        try (HfTokenizer tok = HfTokenizer.load(dir)) {
            SftExample e = new SftTokenizer(tok, 16).tokenize(new Demonstration.PromptCompletion("hello", " world", SOURCE));
            assertArrayEquals(new int[] {1, HELLO + 3, SPACE_WORLD + 3, 2}, e.ids());
            assertArrayEquals(new boolean[] {false, false, true, true}, e.lossMask());
        }
    }

    @Test
    void messagesUseTheAssistantMaskOfTheFallbackTemplate() throws IOException {
        try (HfTokenizer tok = HfTokenizer.load(TokenizerFixtures.gpt2(tmp))) {
            List<ChatMessage> chat = List.of(ChatMessage.system("Be brief."), ChatMessage.user("hello"),
                    ChatMessage.assistant("hello world"), ChatMessage.user("the end?"), ChatMessage.assistant("the end."));
            SftExample e = new SftTokenizer(tok, 256).tokenize(new Demonstration.Conversation(chat, SOURCE));
            HfTokenizer.ChatTokens expected = tok.encodeChat(chat);
            assertArrayEquals(expected.ids(), e.ids());
            assertArrayEquals(expected.assistantMask(), e.lossMask());
            assertEquals("hello world<|endoftext|>\nthe end.<|endoftext|>\n", text(tok, e, true));
            assertEquals("<|system|>\nBe brief.\n<|user|>\nhello\n<|assistant|>\n<|user|>\nthe end?\n<|assistant|>\n",
                    text(tok, e, false));
        }
    }

    @Test
    void messagesWithAModelTemplate() throws IOException {
        Path dir = TokenizerFixtures.gpt2(tmp, "<|im_start|>", "<|im_end|>");
        String chatml = "{% for m in messages %}{{ '<|im_start|>' + m['role'] + '\\n' + m['content'] + '<|im_end|>' + '\\n' }}"
                + "{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";
        TokenizerFixtures.writeConfig(dir, "{\"eos_token\": \"<|im_end|>\", \"chat_template\": " + TokenizerFixtures.quote(chatml) + "}");
        try (HfTokenizer tok = HfTokenizer.load(dir)) {
            SftExample e = new SftTokenizer(tok, 256).tokenize(new Demonstration.Conversation(
                    List.of(ChatMessage.user("hello"), ChatMessage.assistant("hello world")), SOURCE));
            assertEquals("hello world<|im_end|>\n", text(tok, e, true));
            assertEquals("<|im_start|>user\nhello<|im_end|>\n<|im_start|>assistant\n", text(tok, e, false));
        }
    }

    @Test
    void overLongRecordIsRejectedNotTruncated() throws IOException {
        try (HfTokenizer tok = HfTokenizer.load(TokenizerFixtures.gpt2(tmp))) {
            SftTokenizer sft = new SftTokenizer(tok, 2);
            DatasetException e = assertThrows(DatasetException.class,
                    () -> sft.tokenize(new Demonstration.PromptCompletion("hello", " world", SOURCE)));
            assertEquals("data/sft.jsonl:3: record has 3 tokens, more than the maximum length 2", e.getMessage());
            assertEquals(3, new SftTokenizer(tok, 3).tokenize(new Demonstration.PromptCompletion("hello", " world", SOURCE)).length());
        }
    }

    @Test
    void templateWithoutAssistantTokensLeavesNothingToTrainOn() throws IOException {
        Path dir = TokenizerFixtures.gpt2(tmp);
        String usersOnly = "{% for m in messages %}{% if m['role'] == 'user' %}{{ m['content'] + '\\n' }}{% endif %}{% endfor %}";
        TokenizerFixtures.writeConfig(dir, "{\"chat_template\": " + TokenizerFixtures.quote(usersOnly) + "}");
        try (HfTokenizer tok = HfTokenizer.load(dir)) {
            DatasetException e = assertThrows(DatasetException.class, () -> new SftTokenizer(tok, 64).tokenize(
                    new Demonstration.Conversation(List.of(ChatMessage.user("hello"), ChatMessage.assistant("world")), SOURCE)));
            assertEquals("data/sft.jsonl:3: record has no tokens to train on (no completion or assistant tokens)", e.getMessage());
        }
    }

    @Test
    void templateErrorsPointAtTheRecord() throws IOException {
        Path dir = TokenizerFixtures.gpt2(tmp);
        String noSystem = "{% if messages[0]['role'] == 'system' %}{{ raise_exception('System role not supported') }}{% endif %}"
                + "{% for m in messages %}{{ m['content'] }}{% endfor %}";
        TokenizerFixtures.writeConfig(dir, "{\"chat_template\": " + TokenizerFixtures.quote(noSystem) + "}");
        try (HfTokenizer tok = HfTokenizer.load(dir)) {
            DatasetException e = assertThrows(DatasetException.class, () -> new SftTokenizer(tok, 64).tokenize(
                    new Demonstration.Conversation(List.of(ChatMessage.system("x"), ChatMessage.assistant("world")), SOURCE)));
            assertEquals("data/sft.jsonl:3: chat template raised an exception: System role not supported", e.getMessage());
        }
    }

    @Test
    void skipPolicyOverAFile() throws IOException {
        Path file = TestFiles.write(tmp, "sft.jsonl",
                "{\"prompt\": \"hello\", \"completion\": \" world\"}",
                "{\"prompt\": \"hello world hello world\", \"completion\": \" world\"}",
                "{\"prompt\": \"hello\"}",
                "{\"messages\": [{\"role\": \"user\", \"content\": \"hello\"}, {\"role\": \"assistant\", \"content\": \"hello\"}]}");
        try (HfTokenizer tok = HfTokenizer.load(TokenizerFixtures.gpt2(tmp.resolve("tok")))) {
            BadRecords bad = BadRecords.skipping();
            List<SftExample> examples = new SftTokenizer(tok, 32).tokenize(DemonstrationLoader.load(file, bad), bad);
            assertEquals(3, examples.size());
            assertEquals(List.of(file + ":3: field \"completion\" is missing"), bad.messages());

            bad = BadRecords.skipping(); // the chat record, rendered with role markers, is over 6 tokens too
            examples = new SftTokenizer(tok, 6).tokenize(DemonstrationLoader.load(file, bad), bad);
            assertEquals(1, examples.size());
            assertEquals(3, bad.skipped());
            assertEquals(4, bad.records());
            assertTrue(bad.summary().startsWith("skipped 3 bad records of 4 (first: " + file + ":3: "), bad.summary());
            assertTrue(bad.messages().contains(file + ":2: record has 7 tokens, more than the maximum length 6"), bad.messages().toString());
        }
    }
}
