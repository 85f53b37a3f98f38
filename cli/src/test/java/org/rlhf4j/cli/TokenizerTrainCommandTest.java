package org.rlhf4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A new user's first steps: train a tokenizer, init a model with it, generate. */
class TokenizerTrainCommandTest {
    @TempDir
    Path tmp;

    @Test
    void aTrainedTokenizerStartsAModelThatGenerates() throws IOException {
        Path text = tmp.resolve("text.txt");
        Files.writeString(text, "The cat sat on the mat. The dog sat on the log.\nA cat and a dog.\n".repeat(20),
                StandardCharsets.UTF_8);
        Path tokenizer = tmp.resolve("tok");
        CommandsTest.Run trained = CommandsTest.run("tokenizer", "train", "--data", text.toString(), "--vocab-size", "300",
                "--chat-template", "chatml", "--out", tokenizer.toString());
        assertEquals(0, trained.code(), trained.err());
        // the text has so few words that each becomes one token before the vocabulary fills up
        assertTrue(trained.out().contains("vocabulary 281 (3 special, 256 bytes, 22 merges)"), trained.out());

        Path model = tmp.resolve("model");
        CommandsTest.Run init = CommandsTest.run("init", "--arch", "gpt2", "--tokenizer", tokenizer.toString(), "--out",
                model.toString(), "--layers", "1", "--d-model", "16", "--heads", "2", "--positions", "32");
        assertEquals(0, init.code(), init.err());
        assertTrue(init.out().contains("vocab 281"), init.out());

        CommandsTest.Run generated = CommandsTest.run("generate", "--model", model.toString(), "--prompt", "The cat",
                "--max-new-tokens", "4", "--greedy");
        assertEquals(0, generated.code(), generated.err());
    }

    @Test
    void aMissingFileAndATooSmallVocabularyAreInputErrors() {
        Path missing = tmp.resolve("missing.txt");
        CommandsTest.Run noFile = CommandsTest.run("tokenizer", "train", "--data", missing.toString(), "--out", tmp.resolve("a").toString());
        assertEquals(Main.BAD_INPUT, noFile.code());
        assertEquals("rlhf4j tokenizer train: " + missing + ": no such file or folder", noFile.err().strip());

        CommandsTest.Run small = CommandsTest.run("tokenizer", "train", "--data", missing.toString(), "--vocab-size", "256",
                "--out", tmp.resolve("b").toString());
        assertEquals(Main.BAD_INPUT, small.code());
        assertTrue(small.err().contains("at least 257"), small.err());
    }
}
