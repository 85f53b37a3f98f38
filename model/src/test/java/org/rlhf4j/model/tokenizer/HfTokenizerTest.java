package org.rlhf4j.model.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HfTokenizerTest {

    @TempDir
    Path tmp;

    /** 256 byte symbols, then one id per merge. */
    static final int HELLO = 256 + TokenizerFixtures.MERGES.indexOf("he llo");
    static final int SPACE_WORLD = 256 + TokenizerFixtures.MERGES.indexOf("Ġworl d");
    static final int SPACE_THE = 256 + TokenizerFixtures.MERGES.indexOf("Ġt he");
    static final int ENDOFTEXT = 256 + TokenizerFixtures.MERGES.size();

    @Test
    void gpt2EncodesWithMergesAndRoundTrips() throws IOException {
        try (HfTokenizer tok = HfTokenizer.load(TokenizerFixtures.gpt2(tmp))) {
            assertArrayEquals(new int[] {HELLO, SPACE_WORLD}, tok.encode("hello world", true));
            assertEquals("hello", tok.tokenToString(HELLO));
            assertEquals("Ġworld", tok.tokenToString(SPACE_WORLD));
            assertEquals(SPACE_THE, tok.tokenToId("Ġthe"));
            assertEquals(-1, tok.tokenToId("no such token"));
            for (String text : List.of("hello world, the end.", "  spaces\tand\nnewlines  ", "Grüße, 世界! 🎉 naïve café", "")) {
                assertEquals(text, tok.decode(tok.encode(text, true), false), text);
            }
            // Non-ASCII text is bytes: "é" is two UTF-8 bytes, two byte-level tokens.
            assertEquals(2, tok.encode("é", false).length);
        }
    }

    @Test
    void gpt2SpecialTokens() throws IOException {
        try (HfTokenizer tok = HfTokenizer.load(TokenizerFixtures.gpt2(tmp))) {
            assertEquals(ENDOFTEXT + 1, tok.vocabSize());
            assertEquals(ENDOFTEXT, tok.eosId());
            assertEquals(ENDOFTEXT, tok.bosId());
            assertEquals("<|endoftext|>", tok.eosToken());
            assertEquals(-1, tok.padId());
            assertFalse(tok.addsBos());
            assertFalse(tok.addsEos());
            assertTrue(tok.isSpecial(ENDOFTEXT));
            assertFalse(tok.isSpecial(HELLO));
            int[] ids = tok.encode("hello<|endoftext|>hello", true);
            assertArrayEquals(new int[] {HELLO, ENDOFTEXT, HELLO}, ids);
            assertEquals("hello<|endoftext|>hello", tok.decode(ids, false));
            assertEquals("hellohello", tok.decode(ids, true));
            assertTrue(tok.chatTemplate().isFallback());
        }
    }

    @Test
    void longTextIsNotTruncated() throws IOException {
        try (HfTokenizer tok = HfTokenizer.load(TokenizerFixtures.gpt2(tmp))) {
            String text = "hello world".repeat(1000); // "hello", " world", then "world" without a space
            int[] ids = tok.encode(text, true);
            assertEquals(2000, ids.length);
            assertEquals(text, tok.decode(ids, false));
            assertEquals(2000, tok.encodeWithOffsets(text, true).size());
        }
    }

    @Test
    void llamaAddsBosThroughItsPostProcessor() throws IOException {
        Path dir = TokenizerFixtures.llama(tmp);
        TokenizerFixtures.writeConfig(dir, """
                {"add_bos_token": true, "bos_token": "<s>", "eos_token": "</s>", "unk_token": "<unk>", "pad_token": null}
                """);
        try (HfTokenizer tok = HfTokenizer.load(dir)) {
            assertEquals(1, tok.bosId());
            assertEquals(2, tok.eosId());
            assertEquals(-1, tok.padId());
            assertTrue(tok.addsBos());
            assertFalse(tok.addsEos());
            int[] with = tok.encode("hello world", true);
            int[] without = tok.encode("hello world", false);
            assertArrayEquals(new int[] {1, HELLO + 3, SPACE_WORLD + 3}, with);
            assertArrayEquals(new int[] {HELLO + 3, SPACE_WORLD + 3}, without);
            assertEquals("<s>hello world", tok.decode(with, false));
            assertEquals("hello world", tok.decode(with, true));
            // The fallback template starts with BOS for tokenizers that add it themselves.
            assertEquals("<s><|user|>\nhi\n<|assistant|>\n", tok.chatTemplate().render(List.of(ChatMessage.user("hi")), true));
        }
    }

    @Test
    void specialTokensAsAddedTokenObjects() throws IOException {
        Path dir = TokenizerFixtures.gpt2(tmp, "<pad>");
        TokenizerFixtures.writeConfig(dir, """
                {"bos_token": {"__type": "AddedToken", "content": "<|endoftext|>", "lstrip": false, "normalized": true,
                               "rstrip": false, "single_word": false},
                 "eos_token": {"__type": "AddedToken", "content": "<|endoftext|>", "lstrip": false, "normalized": true,
                               "rstrip": false, "single_word": false},
                 "pad_token": {"content": "<pad>"}, "model_max_length": 1024}
                """);
        try (HfTokenizer tok = HfTokenizer.load(dir)) {
            assertEquals(ENDOFTEXT, tok.bosId());
            assertEquals(ENDOFTEXT, tok.eosId());
            assertEquals(ENDOFTEXT + 1, tok.padId());
            assertEquals("<pad>", tok.padToken());
            assertEquals(ENDOFTEXT + 2, tok.vocabSize());
        }
    }

    @Test
    void specialTokensAsStringsWithoutConfigFallBackToTokenizerJson() throws IOException {
        Path dir = TokenizerFixtures.gpt2(tmp.resolve("a"), "<|im_start|>", "<|im_end|>");
        TokenizerFixtures.writeConfig(dir, """
                {"bos_token": null, "eos_token": "<|im_end|>", "pad_token": "<|endoftext|>"}
                """);
        try (HfTokenizer tok = HfTokenizer.load(dir)) {
            assertEquals(-1, tok.bosId());
            assertEquals(ENDOFTEXT + 2, tok.eosId());
            assertEquals(ENDOFTEXT, tok.padId());
        }
        Path llama = TokenizerFixtures.llama(tmp.resolve("b")); // no tokenizer_config.json
        try (HfTokenizer tok = HfTokenizer.load(llama)) {
            assertEquals(1, tok.bosId());
            assertEquals(2, tok.eosId());
            assertEquals(-1, tok.padId());
        }
    }

    @Test
    void chatTemplateFromConfigAndChatMlTokens() throws IOException {
        Path dir = TokenizerFixtures.gpt2(tmp, "<|im_start|>", "<|im_end|>");
        TokenizerFixtures.writeConfig(dir, "{\"eos_token\": \"<|im_end|>\", \"chat_template\": "
                + TokenizerFixtures.quote(ChatTemplateTest.CHATML) + "}");
        List<ChatMessage> chat = List.of(ChatMessage.user("hello"), ChatMessage.assistant("hello world"));
        try (HfTokenizer tok = HfTokenizer.load(dir)) {
            assertFalse(tok.chatTemplate().isFallback());
            int imStart = tok.tokenToId("<|im_start|>");
            int imEnd = tok.tokenToId("<|im_end|>");
            int[] prompt = tok.encodePrompt(chat.subList(0, 1));
            assertEquals(imStart, prompt[0]);
            assertEquals("<|im_start|>user\nhello<|im_end|>\n<|im_start|>assistant\n", tok.decode(prompt, false));

            HfTokenizer.ChatTokens ct = tok.encodeChat(chat);
            assertEquals(tok.chatTemplate().render(chat, false), ct.text());
            assertArrayEquals(tok.encode(ct.text(), false), ct.ids());
            // Loss goes on "hello world<|im_end|>\n" of the assistant and nothing else.
            StringBuilder masked = new StringBuilder();
            int first = -1;
            for (int i = 0; i < ct.ids().length; i++) {
                if (ct.assistantMask()[i]) {
                    masked.append(tok.decode(new int[] {ct.ids()[i]}, false));
                    first = first < 0 ? i : first;
                }
            }
            assertEquals("hello world<|im_end|>\n", masked.toString());
            assertEquals(HELLO, ct.ids()[first]);
            assertEquals("<|im_start|>user\nhello<|im_end|>\n<|im_start|>assistant\n",
                    tok.decode(java.util.Arrays.copyOf(ct.ids(), first), false));
            assertEquals(imEnd, ct.ids()[ct.ids().length - 2]);
        }
    }

    @Test
    void chatTemplateListPicksDefaultAndJinjaFileIsRead() throws IOException {
        Path dir = TokenizerFixtures.gpt2(tmp.resolve("list"));
        TokenizerFixtures.writeConfig(dir, """
                {"chat_template": [{"name": "tool_use", "template": "TOOLS"}, {"name": "default", "template": "DEFAULT"}]}
                """);
        try (HfTokenizer tok = HfTokenizer.load(dir)) {
            assertEquals("DEFAULT", tok.chatTemplate().render(List.of(), false));
        }
        Path jinja = TokenizerFixtures.gpt2(tmp.resolve("jinja"));
        Files.writeString(jinja.resolve("chat_template.jinja"), "{{ eos_token }}");
        try (HfTokenizer tok = HfTokenizer.load(jinja)) {
            assertEquals("<|endoftext|>", tok.chatTemplate().render(List.of(), false));
        }
    }

    @Test
    void offsetsAreJavaStringIndices() throws IOException {
        try (HfTokenizer tok = HfTokenizer.load(TokenizerFixtures.gpt2(tmp))) {
            String text = "🎉 hello world";
            HfTokenizer.Tokens t = tok.encodeWithOffsets(text, false);
            int last = t.size() - 1;
            assertEquals(SPACE_WORLD, t.ids()[last]);
            assertEquals(" world", text.substring(t.start()[last], t.end()[last]));
            assertEquals("🎉", text.substring(t.start()[0], t.end()[0])); // each of its 4 byte tokens spans the emoji
        }
    }

    @Test
    void missingOrBrokenTokenizerNamesTheFolder() throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("empty-model"));
        IOException missing = assertThrows(IOException.class, () -> HfTokenizer.load(empty));
        assertTrue(missing.getMessage().contains("empty-model") && missing.getMessage().contains("tokenizer.json"),
                missing.getMessage());

        Path broken = Files.createDirectories(tmp.resolve("broken-model"));
        Files.writeString(broken.resolve("tokenizer.json"), "{\"model\": ");
        IOException unreadable = assertThrows(IOException.class, () -> HfTokenizer.load(broken));
        assertTrue(unreadable.getMessage().contains("broken-model"), unreadable.getMessage());

        Path invalid = Files.createDirectories(tmp.resolve("invalid-model"));
        Files.writeString(invalid.resolve("tokenizer.json"), "{\"model\": {\"type\": \"Nonsense\"}}");
        IOException notHf = assertThrows(IOException.class, () -> HfTokenizer.load(invalid));
        assertTrue(notHf.getMessage().contains("invalid-model"), notHf.getMessage());
    }
}
