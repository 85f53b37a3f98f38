package org.rlhf4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rlhf4j.model.ScalarHeadModel;
import org.rlhf4j.model.hf.HfModelFolder;
import org.rlhf4j.tensor.Rng;
import org.rlhf4j.train.config.ConfigLoader;
import org.rlhf4j.train.config.PretrainConfig;
import org.rlhf4j.train.config.RmConfig;
import org.rlhf4j.train.config.SftConfig;
import org.rlhf4j.model.tokenizer.HfTokenizer;
import org.rlhf4j.tensor.Autograd;
import org.rlhf4j.tensor.io.DType;
import org.rlhf4j.train.data.BadRecords;
import org.rlhf4j.train.data.DemonstrationLoader;
import org.rlhf4j.train.data.SftExample;
import org.rlhf4j.train.data.SftTokenizer;
import org.rlhf4j.train.rm.RewardScoring;
import org.rlhf4j.train.run.MetricsLog;
import org.rlhf4j.train.lm.PretrainTrainer;
import org.rlhf4j.train.lm.SftTrainer;
import org.rlhf4j.train.rm.RewardTrainer;
import org.rlhf4j.train.run.EpochLoop;
import org.rlhf4j.train.run.EpochTask;

class TrainersTest {
    @TempDir
    Path tmp;

    private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    private final PrintStream log = new PrintStream(logBytes, true);

    /** Text with a strong, learnable pattern: chance-level loss is ln(vocab) = 5.6. */
    private Path patternText() throws Exception {
        List<String> lines = new ArrayList<>();
        Rng rng = new Rng(3);
        String[] words = {"hello world", "the world", "hello the world"};
        for (int i = 0; i < 40; i++) {
            StringBuilder sb = new StringBuilder();
            for (int j = 0; j < 12; j++) {
                sb.append(words[rng.nextInt(3)]).append(". ");
            }
            lines.add("{\"text\": \"" + sb.toString().trim() + "\"}");
        }
        return TrainerFixtures.writeLines(tmp.resolve("text.jsonl"), lines);
    }

    @Test
    void pretrainingLearnsThePattern() throws Exception {
        Path model = TrainerFixtures.tinyModel(tmp.resolve("init"));
        PretrainConfig c = ConfigLoader.load(PretrainConfig.class, null, Map.of(
                "model", model.toString(), "data", List.of(patternText().toString()), "out", tmp.resolve("pt").toString(),
                "block_length", 32, "batch_size", 8, "epochs", 15, "learning_rate", 5e-3, "warmup_steps", 5,
                "validation_fraction", 0.1));
        EpochLoop.Result r = PretrainTrainer.train(c, false, log);
        double val = r.keptMetrics().get("eval/loss");
        assertTrue(val < 1.6, "held-out loss " + val + " should be far below chance (5.6)\n" + logBytes);
        Path out = tmp.resolve("pt");
        assertTrue(Files.isRegularFile(out.resolve("model.safetensors")) && Files.isRegularFile(out.resolve("tokenizer.json")));
        assertTrue(Files.size(out.resolve("metrics.png")) > 1000, "a chart is drawn");
        List<JsonNode> rows = MetricsLog.read(out.resolve("metrics.jsonl"));
        assertEquals(r.steps(), rows.stream().filter(x -> x.has("loss")).count());
        assertTrue(rows.get(0).has("lr") && rows.get(0).has("tokens_per_s") && rows.get(0).has("epoch"));
        // the output folder is a model folder that loads
        HfModelFolder.open(out).loadCausalLm();
    }

    /** A crash at step 7 and a resume from the step-5 checkpoint give the uninterrupted run's losses exactly. */
    @Test
    void resumeReproducesTheUninterruptedRun() throws Exception {
        Path model = TrainerFixtures.tinyModel(tmp.resolve("init"));
        Path data = patternText();
        Map<String, Object> common = Map.of("model", model.toString(), "data", List.of(data.toString()),
                "block_length", 24, "batch_size", 4, "epochs", 2, "learning_rate", 2e-3, "warmup_steps", 3,
                "checkpoint_every", 5, "residual_dropout", 0.1, "keep_checkpoints", 5);
        PretrainConfig whole = config(common, "whole");
        PretrainTrainer.train(whole, false, log);

        PretrainConfig broken = config(common, "broken");
        EpochTask crashing = new CrashingTask(PretrainTrainer.fromConfig(broken, log), 7);
        assertThrows(IllegalStateException.class,
                () -> EpochLoop.run(crashing, broken, false, log));
        PretrainTrainer.train(broken, true, log);

        List<Double> expected = losses(tmp.resolve("whole"));
        List<Double> resumed = losses(tmp.resolve("broken"));
        assertEquals(expected.size(), resumed.size(), "same number of logged steps");
        assertEquals(expected, resumed, "bit-identical losses after resuming");
        assertTrue(logBytes.toString().contains("resuming from"), logBytes.toString());
    }

    private PretrainConfig config(Map<String, Object> common, String out) {
        Map<String, Object> m = new java.util.HashMap<>(common);
        m.put("out", tmp.resolve(out).toString());
        return ConfigLoader.load(PretrainConfig.class, null, m);
    }

    private static Map<String, Object> options(Object... keysAndValues) {
        Map<String, Object> m = new java.util.HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    private static List<Double> losses(Path run) {
        return MetricsLog.read(run.resolve("metrics.jsonl")).stream().filter(r -> r.has("loss"))
                .map(r -> r.get("loss").asDouble()).toList();
    }

    @Test
    void sftLearnsTheResponsesAndPicksTheBestEpoch() throws Exception {
        Path model = TrainerFixtures.tinyModel(tmp.resolve("init"));
        String[][] pairs = {{"hello", " world world"}, {"world", " the hello"}, {"the", " hello hello"}};
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            String[] p = pairs[i % 3];
            lines.add("{\"prompt\": \"" + p[0] + "\", \"completion\": \"" + p[1] + "\"}");
        }
        Path data = TrainerFixtures.writeLines(tmp.resolve("demos.jsonl"), lines);
        SftConfig c = ConfigLoader.load(SftConfig.class, null, Map.of("model", model.toString(),
                "data", data.toString(), "out", tmp.resolve("sft").toString(), "epochs", 12, "batch_size", 6,
                "learning_rate", 5e-3, "residual_dropout", 0.1, "max_length", 32));
        EpochLoop.Result r = SftTrainer.train(c, false, log);
        double val = r.keptMetrics().get("eval/loss");
        assertTrue(val < 0.5, "held-out response loss " + val + " should be near 0 (chance: 5.6)\n" + logBytes);
        assertTrue(logBytes.toString().contains("best so far by eval/loss"), logBytes.toString());
    }

    @Test
    void rewardModelLearnsASeparablePreference() throws Exception {
        Path model = TrainerFixtures.tinyModel(tmp.resolve("init"));
        Rng rng = new Rng(5);
        String[] filler = {"the", "world", "wo", "rld", "th", "e"};
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 160; i++) {
            int k = 2 + i % 3;
            List<String> responses = new ArrayList<>();
            int marked = rng.nextInt(k);
            for (int j = 0; j < k; j++) {
                StringBuilder sb = new StringBuilder();
                for (int w = 0; w < 4 + rng.nextInt(4); w++) {
                    sb.append(' ').append(filler[rng.nextInt(filler.length)]);
                }
                if (j == marked) {
                    sb.insert(rng.nextInt(sb.length()), " hello ");
                }
                responses.add("\"" + sb.toString().trim() + "\"");
            }
            // the marked response first, the rest tied
            StringBuilder ranking = new StringBuilder("[[" + marked + "], [");
            boolean first = true;
            for (int j = 0; j < k; j++) {
                if (j != marked) {
                    ranking.append(first ? "" : ", ").append(j);
                    first = false;
                }
            }
            ranking.append("]]");
            lines.add("{\"prompt\": \"say\", \"responses\": [" + String.join(", ", responses) + "], \"ranking\": " + ranking + "}");
        }
        Path data = TrainerFixtures.writeLines(tmp.resolve("cmp.jsonl"), lines);
        Path demos = TrainerFixtures.writeLines(tmp.resolve("demos.jsonl"),
                List.of("{\"prompt\": \"say\", \"completion\": \"hello world\"}", "{\"prompt\": \"say\", \"completion\": \"the world\"}"));
        RmConfig c = ConfigLoader.load(RmConfig.class, null, Map.of("model", model.toString(),
                "data", data.toString(), "demonstrations", demos.toString(), "out", tmp.resolve("rm").toString(),
                "epochs", 4, "batch_size", 8, "learning_rate", 2e-3, "validation_fraction", 0.25, "max_length", 48));
        EpochLoop.Result r = RewardTrainer.train(c, false, log);
        double acc = r.keptMetrics().get("eval/accuracy");
        assertTrue(acc > 0.9, "held-out pair accuracy " + acc + " should exceed 90%\n" + logBytes);
        ScalarHeadModel saved = HfModelFolder.open(tmp.resolve("rm")).loadScalarHead();
        assertTrue(saved.rewardBias() != 0f, "the normalisation bias is stored with the model");
        // with the stored bias, the demonstrations score 0 on average
        HfTokenizer tokenizer = HfTokenizer.load(tmp.resolve("rm"));
        List<int[]> demoSequences = new ArrayList<>();
        for (SftExample e : new SftTokenizer(tokenizer, 48).tokenize(DemonstrationLoader.load(demos, BadRecords.failing()),
                BadRecords.failing())) {
            demoSequences.add(e.ids());
        }
        float[] rewards;
        try (var g = Autograd.noGrad()) {
            rewards = RewardScoring.rewards(saved, demoSequences).data();
        }
        assertEquals(0.0, (rewards[0] + rewards[1]) / 2, 1e-4);
        assertTrue(Math.abs(rewards[0] - rewards[1]) > 0.1, "the response with the marker scores higher: "
                + rewards[0] + " vs " + rewards[1]);
        assertTrue(rewards[0] > rewards[1]);
    }

    /** SFT with a pretraining mix, and the final epoch chosen by a reward model's score of held-out completions. */
    @Test
    void sftWithPretrainingMixAndRewardModelSelection() throws Exception {
        Path model = TrainerFixtures.tinyModel(tmp.resolve("init"));
        ScalarHeadModel rm = ScalarHeadModel.fromCausalLm(HfModelFolder.open(model).loadCausalLm(), 3);
        HfModelFolder.saveScalarHead(rm, null, tmp.resolve("rm"), DType.F32, model);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            lines.add("{\"prompt\": \"hello\", \"completion\": \" world\"}");
        }
        Path data = TrainerFixtures.writeLines(tmp.resolve("demos.jsonl"), lines);
        SftConfig c = ConfigLoader.load(SftConfig.class, null, options("model", model.toString(),
                "data", data.toString(), "out", tmp.resolve("sft").toString(), "epochs", 2, "batch_size", 4,
                "learning_rate", 1e-3, "max_length", 32, "ptx_data", List.of(patternText().toString()), "ptx_coef", 0.5,
                "reward_model", tmp.resolve("rm").toString(), "selection_prompts", 3, "selection_max_new_tokens", 4));
        SftTrainer.train(c, false, log);
        List<JsonNode> rows = MetricsLog.read(tmp.resolve("sft/metrics.jsonl"));
        assertTrue(rows.stream().anyMatch(r -> r.has("loss/sft") && r.has("loss/ptx")), "both losses are logged");
        JsonNode row = rows.stream().filter(r -> r.has("loss/ptx")).findFirst().orElseThrow();
        assertEquals(row.get("loss/sft").asDouble() + 0.5 * row.get("loss/ptx").asDouble(), row.get("loss").asDouble(), 1e-4);
        assertEquals(2, rows.stream().filter(r -> r.has("eval/rm_score")).count(), "scored after each epoch");
        assertTrue(logBytes.toString().contains("best so far by eval/rm_score"), logBytes.toString());
        assertTrue(logBytes.toString().contains("final model = the epoch with the best eval/rm_score"), logBytes.toString());
    }
}
