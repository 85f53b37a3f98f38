package org.rlhf4j.sim.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rlhf4j.model.tokenizer.ChatMessage;
import org.rlhf4j.model.tokenizer.HfTokenizer;
import org.rlhf4j.tensor.Parallel;

/** Training end to end: round trips, special tokens, determinism, the folder's config, and input errors. */
class TokenizerTrainingTest {
    private static final Path CORPUS = TokenizerTestFiles.resource("corpus.txt");
    private static final String EOT = "<|endoftext|>";

    @TempDir
    Path tmp;

    @Test
    void decodingTheEncodingGivesTheTextBack() throws IOException {
        BpeModel model = TokenizerTestFiles.train(List.of(CORPUS), 400, List.of(EOT), "chatml", tmp).model();
        List<String> texts = List.of(
                "It is a truth universally acknowledged.",
                "caf\u00e9 \u65e5\u672c\u8a9e \uD83D\uDE42\uD83D\uDE80 \u03a9 na\u00efve",
                "two\n\nlines\r\n\tand a tab  \n",
                "doc one" + EOT + "doc two" + EOT,
                "<|im_start|>user\nhello<|im_end|>\n",
                "   ",
                "");
        try (HfTokenizer tokenizer = HfTokenizer.load(tmp)) {
            for (String text : texts) {
                assertEquals(text, tokenizer.decode(tokenizer.encode(text, false), false), text);
                assertEquals(text, model.decode(model.encode(text)), text);
                assertArrayEquals(tokenizer.encode(text, false), model.encode(text), text);
            }
            assertEquals(List.of(EOT, "<|im_start|>", "<|im_end|>"), model.specialTokens());
            assertArrayEquals(new int[] {0}, tokenizer.encode(EOT, false));
        }
    }

    @Test
    void specialTokensInTheCorpusAreNeitherCountedNorMerged() throws IOException {
        // documents separated by the special token: were its text counted, "<|", "|>" and their kin
        // would be among the most frequent pairs of this corpus (the corpus has no other '<' or '|')
        String corpus = Files.readString(CORPUS, StandardCharsets.UTF_8);
        assertFalse(corpus.contains("<") || corpus.contains("|"));
        Path separated = tmp.resolve("separated.txt");
        String[] documents = corpus.split("\n\n");
        Files.writeString(separated, (String.join(EOT, documents) + EOT).repeat(5), StandardCharsets.UTF_8);

        BpeModel model = TokenizerTestFiles.train(List.of(separated), 600, List.of(EOT), "none", tmp.resolve("tok")).model();

        List<String> merged = model.tokens().subList(1 + 256, model.vocabSize());
        assertFalse(merged.isEmpty());
        for (String token : merged) {
            assertFalse(token.contains("<") || token.contains("|"), token);
        }
        assertEquals(5 * documents.length,
                java.util.Arrays.stream(model.encode(Files.readString(separated))).filter(id -> id == 0).count());
    }

    @Test
    void twoTrainingsWriteIdenticalBytesWhateverTheThreadCount() throws IOException {
        Path gz = tmp.resolve("corpus.txt.gz");
        try (GZIPOutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(Files.readAllBytes(CORPUS));
        }
        int threads = Parallel.threads();
        try {
            Parallel.setThreads(1);
            TokenizerTestFiles.train(List.of(CORPUS, gz), 500, List.of(EOT, "<pad>"), "chatml", tmp.resolve("one"));
            Parallel.setThreads(2);
            TokenizerTestFiles.train(List.of(CORPUS, gz), 500, List.of(EOT, "<pad>"), "chatml", tmp.resolve("two"));
        } finally {
            Parallel.setThreads(threads);
        }
        for (String file : List.of("tokenizer.json", "tokenizer_config.json")) {
            assertArrayEquals(Files.readAllBytes(tmp.resolve("one").resolve(file)), Files.readAllBytes(tmp.resolve("two").resolve(file)), file);
        }
    }

    @Test
    void theConfigNamesEosPadAndTheChatTemplate() throws IOException {
        TokenizerTestFiles.train(List.of(CORPUS), 400, List.of(EOT, "<pad>"), "chatml", tmp);
        try (HfTokenizer tokenizer = HfTokenizer.load(tmp)) {
            assertEquals(EOT, tokenizer.eosToken());
            assertEquals(EOT, tokenizer.bosToken());
            assertEquals(1, tokenizer.padId());
            assertFalse(tokenizer.addsBos()); // GPT-2's way: the separator is written by the data, not added to every text
            int[] prompt = tokenizer.encodePrompt(List.of(new ChatMessage("user", "hello")));
            assertEquals(tokenizer.tokenToId("<|im_start|>"), prompt[0]);
            assertEquals("<|im_start|>user\nhello<|im_end|>\n<|im_start|>assistant\n", tokenizer.decode(prompt, false));
        }
    }

    @Test
    void mergingStopsAtThePairSeenFewerTimesThanTheMinimumFrequency() {
        // words "abab", " abab", "\n": (a, b) occurs 4 times, (b, a) 2, then (ab, ab) 2
        WordCounts words = new WordCounter(List.of()).count(List.of("abab abab\n"), WordCounter.ProgressSink.NONE);
        BpeModel four = BpeTrainer.train(words, new BpeTrainer.Config(300, 4, List.of()), null);
        assertEquals(List.of(new BpeModel.Merge("a", "b")), four.merges());
        assertEquals(257, four.vocabSize());
        BpeModel five = BpeTrainer.train(words, new BpeTrainer.Config(300, 5, List.of()), null);
        assertTrue(five.merges().isEmpty());
        assertEquals(256, five.vocabSize());
    }

    @Test
    void aMissingFileIsNamed() {
        Path missing = tmp.resolve("no-such-corpus.txt");
        NoSuchFileException e = assertThrows(NoSuchFileException.class,
                () -> TokenizerTestFiles.train(List.of(CORPUS, missing), 400, List.of(EOT), "none", tmp.resolve("out")));
        assertEquals(missing.toString(), e.getFile());
        assertFalse(Files.exists(tmp.resolve("out")));
    }

    @Test
    void aVocabularyTooSmallForTheBytesAndSpecialTokensIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TokenizerTestFiles.train(List.of(CORPUS), 257, List.of(EOT), "chatml", tmp));
        assertTrue(e.getMessage().contains("at least 259"), e.getMessage());
    }
}
