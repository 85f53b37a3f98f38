package org.rlhf4j.train.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rlhf4j.model.tokenizer.ChatMessage;
import org.rlhf4j.model.tokenizer.HfTokenizer;
import org.rlhf4j.model.tokenizer.TokenizerFixtures;

class ComparisonTokenizerTest {

    static final int HELLO = SftTokenizerTest.HELLO;
    static final int SPACE_WORLD = SftTokenizerTest.SPACE_WORLD;
    static final int SPACE_THE = 256 + 10;
    static final int EOT = SftTokenizerTest.ENDOFTEXT;

    @TempDir
    Path tmp;

    @Test
    void eachResponseAfterTheSamePromptThenEos() throws IOException {
        Path file = TestFiles.write(tmp, "rm.jsonl",
                "{\"prompt\": \"hello\", \"responses\": [\" world\", \" the\", \" the world\"], \"ranking\": [[2], [0, 1]]}");
        try (HfTokenizer tok = HfTokenizer.load(TokenizerFixtures.gpt2(tmp.resolve("tok")))) {
            TokenizedComparison t = new ComparisonTokenizer(tok, 8).tokenize(ComparisonLoader.load(file, BadRecords.failing()).getFirst());
            assertEquals(3, t.k());
            assertEquals(1, t.promptLength());
            assertArrayEquals(new int[] {HELLO, SPACE_WORLD, EOT}, t.sequences()[0]);
            assertArrayEquals(new int[] {HELLO, SPACE_THE, EOT}, t.sequences()[1]);
            assertArrayEquals(new int[] {HELLO, SPACE_THE, SPACE_WORLD, EOT}, t.sequences()[2]);
            assertEquals(4, t.maxLength());
            assertEquals(2, t.pairs().size());
            assertArrayEquals(new int[] {2, 0}, t.pairs().get(0));
            assertArrayEquals(new int[] {2, 1}, t.pairs().get(1));
            assertEquals(new Source(file, 1), t.source());
        }
    }

    /** A conversation's responses are the next assistant turn, tokenized exactly as SFT's messages demonstrations. */
    @Test
    void conversationResponsesAreTheNextAssistantTurn() throws IOException {
        Path file = TestFiles.write(tmp, "rm.jsonl", "{\"messages\": [{\"role\": \"user\", \"content\": \"hello\"}],"
                + " \"responses\": [\"world\", \"the world\"], \"ranking\": [[1], [0]]}");
        try (HfTokenizer tok = HfTokenizer.load(TokenizerFixtures.gpt2(tmp.resolve("tok")))) {
            Comparison c = ComparisonLoader.load(file, BadRecords.failing()).getFirst();
            TokenizedComparison t = new ComparisonTokenizer(tok, 64).tokenize(c);
            for (int i = 0; i < 2; i++) {
                List<ChatMessage> turns = List.of(ChatMessage.user("hello"), ChatMessage.assistant(c.responses().get(i)));
                SftExample sft = new SftTokenizer(tok, 64).tokenize(new Demonstration.Conversation(turns, c.source()));
                assertArrayEquals(sft.ids(), t.sequences()[i], "response " + i + " as SFT would see it");
                int firstLoss = 0;
                while (!sft.lossMask()[firstLoss]) {
                    firstLoss++;
                }
                assertEquals(firstLoss, t.promptLength());
            }
            String response = tok.decode(java.util.Arrays.copyOfRange(t.sequences()[1], t.promptLength(), t.sequences()[1].length), false);
            assertEquals("the world<|endoftext|>\n", response);
        }
    }

    @Test
    void llamaPromptHasBos() throws IOException {
        Path dir = TokenizerFixtures.llama(tmp);
        TokenizerFixtures.writeConfig(dir, "{\"bos_token\": \"<s>\", \"eos_token\": \"</s>\"}");
        try (HfTokenizer tok = HfTokenizer.load(dir)) {
            TokenizedComparison t = new ComparisonTokenizer(tok, 8).tokenize(
                    Comparison.pairwise("hello", " world", " the", new Source(Path.of("rm.jsonl"), 1)));
            assertEquals(2, t.promptLength());
            assertArrayEquals(new int[] {1, HELLO + 3, SPACE_WORLD + 3, 2}, t.sequences()[0]);
            assertArrayEquals(new int[] {1, HELLO + 3, SPACE_THE + 3, 2}, t.sequences()[1]);
        }
    }

    @Test
    void overLongResponseRejectsTheComparison() throws IOException {
        Path file = TestFiles.write(tmp, "rm.jsonl",
                "{\"prompt\": \"hello\", \"chosen\": \" world\", \"rejected\": \" the world the world\"}",
                "{\"prompt\": \"hello\", \"chosen\": \" world\", \"rejected\": \" the\"}");
        try (HfTokenizer tok = HfTokenizer.load(TokenizerFixtures.gpt2(tmp.resolve("tok")))) {
            List<Comparison> comparisons = ComparisonLoader.load(file, BadRecords.failing());
            TestFiles.assertBad(file, 1, "response 1 has 6 tokens with the prompt, more than the maximum length 5",
                    () -> new ComparisonTokenizer(tok, 5).tokenize(comparisons, BadRecords.failing()));
            BadRecords bad = BadRecords.skipping();
            List<TokenizedComparison> kept = new ComparisonTokenizer(tok, 5).tokenize(comparisons, bad);
            assertEquals(1, kept.size());
            assertEquals(2, kept.getFirst().source().line());
            assertEquals(1, bad.skipped());
        }
    }
}
