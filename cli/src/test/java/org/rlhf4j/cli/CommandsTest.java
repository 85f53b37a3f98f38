package org.rlhf4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rlhf4j.model.tokenizer.TokenizerFixtures;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** init, generate and perplexity end to end on a tiny GPT-2 (2 layers, d 32) over a 268-token tokenizer. */
class CommandsTest {
    /** Tokens of the test tokenizer (256 bytes, 11 merges, <|endoftext|>). */
    private static final int FIXTURE_VOCAB = 268;

    @TempDir
    static Path tmp;
    static Path tokenizer;
    static Path model;

    /** What one command run printed and returned. */
    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @BeforeAll
    static void initTinyModel() throws IOException {
        tokenizer = TokenizerFixtures.gpt2(tmp.resolve("tok"));
        model = tmp.resolve("tiny");
        Run r = run("init", "--arch", "gpt2", "--tokenizer", tokenizer.toString(), "--out", model.toString(),
                "--layers", "2", "--d-model", "32", "--heads", "2", "--positions", "64", "--seed", "3");
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.isRegularFile(model.resolve("model.safetensors")));
        assertTrue(Files.isRegularFile(model.resolve("tokenizer.json")));
    }

    @Test
    void greedyGenerationIsRepeatable() {
        String[] args = {"generate", "--model", model.toString(), "--prompt", "hello world", "--greedy",
            "--max-new-tokens", "12"};
        Run first = run(args);
        Run second = run(args);
        assertEquals(0, first.code(), first.err());
        assertEquals(first.out(), second.out());
        assertTrue(first.err().contains("tokens/s"), first.err());
    }

    @Test
    void samplesAreSeparatedAndSeeded() {
        String[] args = {"generate", "--model", model.toString(), "--prompt", "the world", "--num-samples", "3",
            "--seed", "5", "--top-k", "50", "--max-new-tokens", "6"};
        Run first = run(args);
        assertEquals(0, first.code(), first.err());
        assertEquals(2, first.out().lines().filter("---"::equals).count(), first.out());
        assertEquals(first.out(), run(args).out());
    }

    @Test
    void perplexityOfARandomModelIsAboutTheVocabularySize() throws IOException {
        Path data = tmp.resolve("texts.jsonl");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            lines.add("{\"text\": \"hello world, the world says hello " + i + " times\", \"id\": " + i + "}");
        }
        lines.add("");
        lines.add("{\"text\": \"the end\"}");
        Files.write(data, lines);
        Run whole = run("perplexity", "--model", model.toString(), "--data", data.toString(), "--batch-size", "3");
        assertEquals(0, whole.code(), whole.err());
        Matcher m = Pattern.compile("tokens=(\\d+) nll=(\\S+) perplexity=(\\S+)\\n?").matcher(whole.out().strip());
        assertTrue(m.matches(), whole.out());
        double perplexity = Double.parseDouble(m.group(3));
        assertTrue(Double.isFinite(perplexity));
        assertTrue(perplexity > FIXTURE_VOCAB / 2.0 && perplexity < FIXTURE_VOCAB * 2.0, whole.out());

        // windows overlap by one token, so cutting texts into windows predicts the same tokens
        Run windowed = run("perplexity", "--model", model.toString(), "--data", data.toString(), "--max-length", "5");
        assertEquals(0, windowed.code(), windowed.err());
        assertTrue(windowed.out().startsWith("tokens=" + m.group(1) + " "), windowed.out());
    }

    @Test
    void malformedJsonlNamesFileAndLine() throws IOException {
        Path data = tmp.resolve("bad.jsonl");
        String[][] cases = {
            {"{\"text\": \"fine\"}\n{\"text\": \"broken\n", ":2: bad JSON"},
            {"{\"text\": \"fine\"}\n\n{\"body\": \"x\"}\n", ":3: field \"text\" is missing"},
            {"{\"text\": 42}\n", ":1: field \"text\" must be a string, got number"},
            {"[\"text\"]\n", ":1: expected a JSON object"},
        };
        for (String[] c : cases) {
            Files.writeString(data, c[0]);
            Run r = run("perplexity", "--model", model.toString(), "--data", data.toString());
            assertEquals(Main.BAD_INPUT, r.code(), r.err());
            assertTrue(r.err().startsWith("rlhf4j perplexity: " + data + c[1]), r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
        }
    }

    @Test
    void inputErrorsAreOneLine() throws IOException {
        Run missing = run("generate", "--model", tmp.resolve("nope").toString(), "--prompt", "hi");
        assertEquals(Main.BAD_INPUT, missing.code());
        assertTrue(missing.err().startsWith("rlhf4j generate: ") && missing.err().contains("no such folder"), missing.err());

        Path llamaConfig = tmp.resolve("llama-config.json");
        Files.writeString(llamaConfig, "{\"model_type\": \"llama\", \"vocab_size\": 300, \"hidden_size\": 32, "
                + "\"num_hidden_layers\": 1, \"num_attention_heads\": 2, \"intermediate_size\": 64}");
        Run mismatch = run("init", "--arch", "gpt2", "--config", llamaConfig.toString(), "--tokenizer",
                tokenizer.toString(), "--out", tmp.resolve("m1").toString());
        assertEquals(Main.BAD_INPUT, mismatch.code());
        assertTrue(mismatch.err().contains("model_type 'llama' is not a gpt2 model"), mismatch.err());

        Run small = run("init", "--arch", "gpt2", "--tokenizer", tokenizer.toString(), "--out",
                tmp.resolve("m2").toString(), "--layers", "1", "--d-model", "16", "--heads", "2", "--vocab", "100");
        assertEquals(Main.BAD_INPUT, small.code());
        assertTrue(small.err().contains("vocabulary (100) is smaller than the tokenizer's (268"), small.err());

        Run notEmpty = run("init", "--arch", "gpt2", "--tokenizer", tokenizer.toString(), "--out", model.toString());
        assertEquals(Main.BAD_INPUT, notEmpty.code());
        assertTrue(notEmpty.err().contains("--overwrite"), notEmpty.err());
    }

    @Test
    void llamaFromConfigFileGenerates() throws IOException {
        Path config = tmp.resolve("llama.json");
        Files.writeString(config, "{\"model_type\": \"llama\", \"vocab_size\": 320, \"hidden_size\": 32, "
                + "\"num_hidden_layers\": 2, \"num_attention_heads\": 4, \"num_key_value_heads\": 2, "
                + "\"intermediate_size\": 64, \"max_position_embeddings\": 64, \"eos_token_id\": 267}");
        Path out = tmp.resolve("tiny-llama");
        Run init = run("init", "--arch", "llama", "--config", config.toString(), "--tokenizer", tokenizer.toString(),
                "--out", out.toString(), "--dtype", "bf16");
        assertEquals(0, init.code(), init.err());
        Run gen = run("generate", "--model", out.toString(), "--prompt", "hello", "--max-new-tokens", "5", "--seed", "1");
        assertEquals(0, gen.code(), gen.err());
    }

    @Test
    void labelGenerateCandidatesFillsEachPromptToKOnce() throws IOException {
        String db = tmp.resolve("labels.db").toString();
        Path prompts = Files.writeString(tmp.resolve("prompts.jsonl"), "{\"prompt\": \"Say hello.\"}\n{\"prompt\": \"Name a colour.\"}\n"
                + "{\"prompt\": \"" + "far too long for 64 positions ".repeat(3) + "\"}\n");
        assertEquals(0, run("label", "import-prompts", "--db", db, prompts.toString()).code());
        String[] two = {"label", "generate-candidates", "--db", db, "--model", model.toString(), "--samples", "2",
            "--max-new-tokens", "6", "--batch-size", "3"};
        Run first = run(two);
        assertEquals(0, first.code(), first.err());
        assertEquals("label: added 4 outputs from tiny (2 per prompt); 1 prompts too long skipped\n", first.out());
        assertTrue(first.err().contains("label: generated 4/4 outputs"), first.err());
        assertTrue(run(two).out().startsWith("label: added 0 outputs"), "a second run adds nothing");
        Run toK = run("label", "generate-candidates", "--db", db, "--model", model.toString(), "--max-new-tokens", "6");
        assertTrue(toK.out().startsWith("label: added 4 outputs from tiny (4 per prompt)"), toK.out() + toK.err());
        Run missing = run("label", "generate-candidates", "--db", db, "--model", tmp.resolve("nope").toString());
        assertEquals(Main.BAD_INPUT, missing.code());
        assertEquals(1, missing.err().lines().count(), missing.err());
    }
}
