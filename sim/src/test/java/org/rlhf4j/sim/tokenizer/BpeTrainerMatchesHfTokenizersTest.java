package org.rlhf4j.sim.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rlhf4j.model.tokenizer.HfTokenizer;

/**
 * The trainer against Hugging Face tokenizers 0.23.2, through vectors that library made
 * ({@code tokenizer/make_vectors.py}): on the same corpus and settings, HF's BpeTrainer saved
 * {@code hf-tokenizer.json}, and HF's tokenizer, reading our file, gave {@code expected.json}'s ids.
 */
class BpeTrainerMatchesHfTokenizersTest {
    @TempDir
    static Path dir;
    static JsonNode expected;
    static BpeModel model;

    @BeforeAll
    static void trainOnTheCommittedCorpus() throws IOException {
        expected = new ObjectMapper().readTree(TokenizerTestFiles.resource("expected.json").toFile());
        List<String> specials = new ArrayList<>();
        expected.get("special_tokens").forEach(t -> specials.add(t.asText()));
        model = TokenizerTestFiles.train(List.of(TokenizerTestFiles.resource("corpus.txt")), expected.get("vocab_size").asInt(),
                specials, "none", dir).model();
    }

    @Test
    void trainingWritesTheSameTokenizerJsonAsHfsTrainer() throws IOException {
        String ours = Files.readString(dir.resolve("tokenizer.json"), StandardCharsets.UTF_8);
        String hfs = Files.readString(TokenizerTestFiles.resource("hf-tokenizer.json"), StandardCharsets.UTF_8);
        assertEquals(hfs, ours);
    }

    @Test
    void hfTokenizerReadingOurFileGivesTheIdsHfGave() throws IOException {
        try (HfTokenizer tokenizer = HfTokenizer.load(dir)) {
            for (JsonNode sentence : expected.get("sentences")) {
                String text = sentence.get("text").asText();
                assertArrayEquals(ids(sentence), tokenizer.encode(text, true), text);
            }
        }
    }

    @Test
    void theModelsOwnEncodingAppliesTheMergesAsHfDoes() {
        for (JsonNode sentence : expected.get("sentences")) {
            String text = sentence.get("text").asText();
            assertArrayEquals(ids(sentence), model.encode(text), text);
        }
    }

    @Test
    void preTokenizerCutsTextWhereHfCutsIt() {
        for (JsonNode sentence : expected.get("sentences")) {
            String text = sentence.get("text").asText();
            List<String> pieces = new ArrayList<>();
            new Gpt2PreTokenizer().split(text, 0, text.length(), piece -> pieces.add(ByteLevelAlphabet.encode(piece)));
            List<String> hfPieces = new ArrayList<>();
            sentence.get("pieces").forEach(p -> hfPieces.add(p.asText()));
            assertEquals(hfPieces, pieces, text);
        }
    }

    private static int[] ids(JsonNode sentence) {
        int[] ids = new int[sentence.get("ids").size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = sentence.get("ids").get(i).asInt();
        }
        return ids;
    }
}
