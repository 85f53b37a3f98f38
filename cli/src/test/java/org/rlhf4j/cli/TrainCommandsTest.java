package org.rlhf4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rlhf4j.model.hf.HfModelFolder;
import org.rlhf4j.train.run.MetricsLog;
import org.rlhf4j.model.tokenizer.TokenizerFixtures;

/** pretrain, sft and rm from the command line: YAML config plus flags, one after the other on a tiny model. */
class TrainCommandsTest {
    @TempDir
    static Path tmp;
    static Path model;

    @BeforeAll
    static void initTinyModel() throws IOException {
        Path tokenizer = TokenizerFixtures.gpt2(tmp.resolve("tok"));
        TokenizerFixtures.writeConfig(tokenizer, "{\"bos_token\": \"<|endoftext|>\", \"eos_token\": \"<|endoftext|>\"}");
        model = tmp.resolve("init");
        CommandsTest.Run r = CommandsTest.run("init", "--arch", "gpt2", "--tokenizer", tokenizer.toString(), "--out",
                model.toString(), "--layers", "1", "--d-model", "32", "--heads", "2", "--positions", "64");
        assertEquals(0, r.code(), r.err());
    }

    @Test
    void pretrainThenSftThenRewardModel() throws IOException {
        List<String> text = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            text.add("{\"text\": \"hello world. the world. hello the world. hello world.\"}");
        }
        Path corpus = Files.write(tmp.resolve("text.jsonl"), text);
        Path yaml = Files.writeString(tmp.resolve("pretrain.yaml"), "block_length: 16\nbatch_size: 4\nlearning_rate: 0.003\n");
        CommandsTest.Run pre = CommandsTest.run("pretrain", "--config", yaml.toString(), "--model", model.toString(),
                "--data", corpus.toString(), "--out", tmp.resolve("pt").toString(), "--epochs", "2");
        assertEquals(0, pre.code(), pre.err());
        assertTrue(pre.out().startsWith("pretrain: "), pre.out());
        assertTrue(Files.readString(tmp.resolve("pt/training_config.yaml")).contains("epochs: 2"));
        assertTrue(Files.readString(tmp.resolve("pt/training_config.yaml")).contains("block_length: 16"));

        Path demos = Files.write(tmp.resolve("demos.jsonl"), List.of(
                "{\"prompt\": \"hello\", \"completion\": \" world\"}", "{\"prompt\": \"the\", \"completion\": \" world\"}",
                "{\"messages\": [{\"role\": \"user\", \"content\": \"hello\"}, {\"role\": \"assistant\", \"content\": \"world\"}]}"));
        CommandsTest.Run sft = CommandsTest.run("sft", "--model", tmp.resolve("pt").toString(), "--data", demos.toString(),
                "--out", tmp.resolve("sft").toString(), "--epochs", "1", "--batch-size", "2", "--max-length", "64");
        assertEquals(0, sft.code(), sft.err());

        Path comparisons = Files.write(tmp.resolve("cmp.jsonl"), List.of(
                "{\"prompt\": \"hello\", \"chosen\": \" world\", \"rejected\": \" the\"}",
                "{\"prompt\": \"the\", \"responses\": [\"a\", \"b\", \"c\"], \"ranking\": [[2], [0, 1]]}",
                "{\"prompt\": \"say\", \"responses\": [\"hello\", \"world\"], \"ranking\": [1, 0]}",
                "{\"messages\": [{\"role\": \"user\", \"content\": \"hello\"}], \"responses\": [\"world\", \"the\", \"hi\"],"
                        + " \"ranking\": [[0], [1, 2]]}",
                "{\"prompt\": [{\"role\": \"user\", \"content\": \"the\"}], \"chosen\": [{\"role\": \"assistant\", \"content\": \"world\"}],"
                        + " \"rejected\": [{\"role\": \"assistant\", \"content\": \"hello\"}]}"));
        CommandsTest.Run rm = CommandsTest.run("rm", "--model", tmp.resolve("sft").toString(), "--data",
                comparisons.toString(), "--demonstrations", demos.toString(), "--out", tmp.resolve("rm").toString(),
                "--batch-size", "2");
        assertEquals(0, rm.code(), rm.err());
        assertTrue(HfModelFolder.open(tmp.resolve("rm")).hasScalarHead());

        Path prompts = Files.write(tmp.resolve("prompts.jsonl"), List.of("{\"prompt\": \"hello\"}",
                "{\"messages\": [{\"role\": \"user\", \"content\": \"the\"}]}"));
        CommandsTest.Run ppo = CommandsTest.run("ppo", "--model", tmp.resolve("sft").toString(), "--reward-model",
                tmp.resolve("rm").toString(), "--prompts", prompts.toString(), "--out", tmp.resolve("ppo").toString(),
                "--batch-size", "4", "--total-episodes", "8", "--response-length", "4", "--num-mini-batches", "2",
                "--ptx-data", corpus.toString(), "--ptx-block-length", "8");
        assertEquals(0, ppo.code(), ppo.err());
        assertTrue(ppo.out().startsWith("ppo: 4 steps, last loss "), ppo.out());
        assertTrue(ppo.out().contains("objective/scores"), ppo.out());
        assertTrue(HfModelFolder.open(tmp.resolve("ppo/value")).hasScalarHead());
        HfModelFolder.open(tmp.resolve("ppo")).loadCausalLm();

        CommandsTest.Run dpo = CommandsTest.run("dpo", "--model", tmp.resolve("sft").toString(), "--data",
                comparisons.toString(), "--out", tmp.resolve("dpo").toString(), "--batch-size", "2", "--beta", "0.2",
                "--loss-type", "ipo");
        assertEquals(0, dpo.code(), dpo.err());
        assertTrue(dpo.out().matches("(?s)dpo: \\d+ steps, last loss .*"), dpo.out());
        assertTrue(Files.isRegularFile(tmp.resolve("dpo/reference_logps.safetensors")));
        assertTrue(Files.readString(tmp.resolve("dpo/training_config.yaml")).contains("loss_type: \"ipo\""));
        HfModelFolder.open(tmp.resolve("dpo")).loadCausalLm();
    }

    @Test
    void badInputIsOneLineNamingFileAndLine() throws IOException {
        Path yaml = Files.writeString(tmp.resolve("typo.yaml"), "learning_rte: 0.1\n");
        CommandsTest.Run r = CommandsTest.run("sft", "--config", yaml.toString(), "--model", model.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("rlhf4j sft: " + yaml + ": unknown key 'learning_rte'"), r.err());

        Path bad = Files.write(tmp.resolve("bad.jsonl"), List.of("{\"prompt\": \"a\", \"completion\": \"b\"}",
                "{\"prompt\": \"a\"}"));
        r = CommandsTest.run("sft", "--model", model.toString(), "--data", bad.toString(), "--out",
                tmp.resolve("never").toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().startsWith("rlhf4j sft: " + bad + ":2: "), r.err());

        r = CommandsTest.run("rm", "--model", model.toString(), "--out", tmp.resolve("never").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("option data is required"), r.err());
    }

    @Test
    void optionValuesAreCheckedBeforeAnyDataIsRead() {
        CommandsTest.Run r = CommandsTest.run("sft", "--model", model.toString(), "--data",
                tmp.resolve("not-there.jsonl").toString(), "--out", tmp.resolve("never").toString(), "--learning-rate", "-1");
        assertEquals(2, r.code(), r.err());
        assertEquals("rlhf4j sft: option learning_rate (--learning-rate) must be a positive number, got -1.0", r.err().strip());
        r = CommandsTest.run("rm", "--model", model.toString(), "--data", tmp.resolve("not-there.jsonl").toString(),
                "--out", tmp.resolve("never").toString(), "--lr-scheduler-type", "steps");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().startsWith("rlhf4j rm: option lr_scheduler_type"), r.err());
        assertTrue(!Files.exists(tmp.resolve("never")), "nothing written");
    }

    @Test
    void theClosingLineReportsTheKeptModelsMetricsAndMaxStepsDecidesTheLength() throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            lines.add("{\"prompt\": \"hello " + i + "\", \"completion\": \" world\"}");
        }
        Path demos = Files.write(tmp.resolve("demos12.jsonl"), lines);
        CommandsTest.Run sft = CommandsTest.run("sft", "--model", model.toString(), "--data", demos.toString(),
                "--out", tmp.resolve("sft-kept").toString(), "--batch-size", "3", "--validation-fraction", "0.25",
                "--max-steps", "7", "--learning-rate", "0.003");
        assertEquals(0, sft.code(), sft.err());
        // 9 demonstrations to train on, 3 a batch: 3 steps an epoch; 7 steps run into a third epoch
        assertTrue(sft.out().startsWith("sft: 7 steps, last loss "), sft.out());
        Matcher kept = Pattern.compile("kept model: eval/loss (\\S+),").matcher(sft.out());
        assertTrue(kept.find(), sft.out());
        List<Double> validations = MetricsLog.read(tmp.resolve("sft-kept/metrics.jsonl")).stream()
                .filter(row -> row.has("eval/loss")).map(row -> row.get("eval/loss").asDouble()).toList();
        assertEquals(3, validations.size(), "after epochs 1 and 2, and where max_steps stopped");
        double lowest = validations.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        assertEquals(lowest, Double.parseDouble(kept.group(1)), 1e-4, "the best epoch's loss: the kept model is that epoch's");
    }
}
