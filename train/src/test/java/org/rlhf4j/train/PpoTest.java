package org.rlhf4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rlhf4j.model.hf.HfModelFolder;
import org.rlhf4j.model.tokenizer.HfTokenizer;
import org.rlhf4j.tensor.Rng;
import org.rlhf4j.train.batch.LmBatch;
import org.rlhf4j.train.config.ConfigLoader;
import org.rlhf4j.train.config.PpoConfig;
import org.rlhf4j.train.config.RmConfig;
import org.rlhf4j.train.config.SftConfig;
import org.rlhf4j.train.lm.SftTrainer;
import org.rlhf4j.train.data.BadRecords;
import org.rlhf4j.train.data.PackedBlocks;
import org.rlhf4j.train.lm.CausalLmLoss;
import org.rlhf4j.train.ppo.PpoTrainer;
import org.rlhf4j.train.rm.RewardTrainer;
import org.rlhf4j.train.run.EpochLoop;
import org.rlhf4j.train.run.MetricsLog;

/**
 * PPO end to end on a tiny GPT-2: a reward model trained by {@code rm} to prefer responses with
 * the marker "world", then PPO from an SFT policy that says it now and then.
 */
class PpoTest {
    private static final String MARKER = "world";

    @TempDir
    static Path tmp;
    static Path sft;
    static Path rm;
    static Path prompts;
    static Path text;

    private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    private final PrintStream log = new PrintStream(logBytes, true);

    /**
     * An SFT policy that answers "say" with one to three words, "world" among them now and then;
     * and a reward model trained on rankings that put the response with "world" first.
     */
    @BeforeAll
    static void sftPolicyAndARewardModelThatLikesTheMarker() throws Exception {
        Path init = TrainerFixtures.tinyModel(tmp.resolve("init"));
        Rng rng = new Rng(5);
        String[] filler = {"the", "wo", "rld", "th", "e"};
        List<String> demos = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            List<String> words = new ArrayList<>();
            for (int w = 0; w < 1 + rng.nextInt(3); w++) {
                words.add(rng.nextInt(6) == 0 ? MARKER : filler[rng.nextInt(filler.length)]);
            }
            demos.add("{\"prompt\": \"say\", \"completion\": \" " + String.join(" ", words) + "\"}");
        }
        sft = tmp.resolve("sft");
        SftConfig sc = ConfigLoader.load(SftConfig.class, null, Map.of("model", init.toString(), "data",
                TrainerFixtures.writeLines(tmp.resolve("demos.jsonl"), demos).toString(), "out", sft.toString(), "epochs", 8,
                "batch_size", 6, "learning_rate", 5e-3, "residual_dropout", 0.0, "max_length", 32));
        SftTrainer.train(sc, false, new PrintStream(new ByteArrayOutputStream()));
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 160; i++) {
            int k = 2 + i % 3;
            List<String> responses = new ArrayList<>();
            int marked = rng.nextInt(k);
            for (int j = 0; j < k; j++) {
                List<String> words = new ArrayList<>();
                for (int w = 0; w < 1 + rng.nextInt(3); w++) {
                    words.add(filler[rng.nextInt(filler.length)]);
                }
                if (j == marked) {
                    words.add(rng.nextInt(words.size() + 1), MARKER);
                }
                responses.add("\"" + String.join(" ", words) + "\"");
            }
            StringBuilder rest = new StringBuilder();
            for (int j = 0; j < k; j++) {
                if (j != marked) {
                    rest.append(rest.isEmpty() ? "" : ", ").append(j);
                }
            }
            lines.add("{\"prompt\": \"say\", \"responses\": [" + String.join(", ", responses) + "], \"ranking\": [["
                    + marked + "], [" + rest + "]]}");
        }
        Path data = TrainerFixtures.writeLines(tmp.resolve("cmp.jsonl"), lines);
        rm = tmp.resolve("rm");
        RmConfig c = ConfigLoader.load(RmConfig.class, null, Map.of("model", sft.toString(), "data", data.toString(),
                "out", rm.toString(), "epochs", 4, "batch_size", 8, "learning_rate", 2e-3, "validation_fraction", 0.25,
                "max_length", 48));
        EpochLoop.Result r = RewardTrainer.train(c, false, new PrintStream(new ByteArrayOutputStream()));
        assertTrue(r.keptMetrics().get("eval/accuracy") > 0.9, "the reward model must know the marker first");
        prompts = TrainerFixtures.writeLines(tmp.resolve("prompts.jsonl"), List.of("{\"prompt\": \"say\"}"));
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            texts.add("{\"text\": \"the world. the world turns. the end of the world.\"}");
        }
        text = TrainerFixtures.writeLines(tmp.resolve("text.jsonl"), texts);
    }

    private PpoConfig config(String out, Object... more) {
        Map<String, Object> m = new HashMap<>(Map.of("model", sft.toString(), "reward_model", rm.toString(),
                "prompts", prompts.toString(), "out", tmp.resolve(out).toString(), "batch_size", 16, "total_episodes", 16 * 25,
                "response_length", 6, "learning_rate", 3e-3, "num_mini_batches", 2, "num_ppo_epochs", 2));
        m.put("warmup_steps", 0);
        m.put("sample_every", 0);
        for (int i = 0; i < more.length; i += 2) {
            m.put((String) more[i], more[i + 1]);
        }
        return ConfigLoader.load(PpoConfig.class, null, m);
    }

    private static List<JsonNode> rows(String run) {
        return MetricsLog.read(tmp.resolve(run).resolve("metrics.jsonl"));
    }

    private static double mean(List<JsonNode> rows, String key, int from, int to) {
        return rows.subList(from, to).stream().mapToDouble(r -> r.get(key).asDouble()).average().orElseThrow();
    }

    @Test
    void ppoRaisesTheScoreWhileTheKlStaysBounded() {
        PpoTrainer.train(config("ppo"), false, log);
        List<JsonNode> rows = rows("ppo");
        assertEquals(25, rows.size());
        double before = mean(rows, "objective/scores", 0, 3);
        double after = mean(rows, "objective/scores", 22, 25);
        assertTrue(after > before + 0.5, "mean score " + before + " -> " + after + "\n" + logBytes);
        double sftRate = markerRate(sft);
        double ppoRate = markerRate(tmp.resolve("ppo"));
        assertTrue(ppoRate > sftRate + 0.3, "share of sampled responses with the marker: SFT " + sftRate + ", PPO " + ppoRate);
        double kl = mean(rows, "objective/kl", 22, 25);
        assertTrue(kl < 10, "KL to the reference " + kl);
        assertTrue(rows.getFirst().get("val/ratio").asDouble() > 0.9, "dropout off: the first ratio is about 1");
        assertTrue(Files.isRegularFile(tmp.resolve("ppo/model.safetensors")) && HfModelFolder.open(tmp.resolve("ppo/value"))
                .hasScalarHead(), "the policy and, in value/, the value model");
        // a large beta holds the policy near the reference
        PpoTrainer.train(config("held", "kl_coef", 5.0, "total_episodes", 16 * 10), false, log);
        double heldKl = mean(rows("held"), "objective/kl", 7, 10);
        assertTrue(heldKl < 2 && heldKl < kl / 4, "KL with beta 5: " + heldKl + " (beta 0.02: " + kl + ")");
    }

    /** Share of 64 sampled responses to "say" (temperature 1) that contain the marker. */
    private static double markerRate(Path model) {
        var lm = HfModelFolder.open(model).loadCausalLm();
        try (HfTokenizer tok = HfTokenizer.load(model); var g = org.rlhf4j.tensor.Autograd.noGrad()) {
            List<int[]> prompts = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                prompts.add(tok.encode("say", true));
            }
            var gen = new org.rlhf4j.model.generate.Generator(lm).generate(prompts,
                    org.rlhf4j.model.generate.SamplingConfig.sample(6, 99, lm.config().eosTokenIds()));
            int hits = 0;
            for (int[] r : gen.tokens()) {
                hits += tok.decode(r, true).contains(MARKER) ? 1 : 0;
            }
            return hits / 64.0;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void ptxKeepsThePretrainingLossLower() throws Exception {
        PpoTrainer.train(config("plain", "total_episodes", 16 * 12, "learning_rate", 1e-2), false, log);
        PpoTrainer.train(config("ptx", "total_episodes", 16 * 12, "learning_rate", 1e-2, "ptx_data", List.of(text.toString()),
                "ptx_coef", 1.0, "ptx_block_length", 16), false, log);
        assertTrue(rows("ptx").getFirst().has("ptx/loss"));
        double plain = pretrainingLoss(tmp.resolve("plain"));
        double mixed = pretrainingLoss(tmp.resolve("ptx"));
        assertTrue(mixed < plain, "pretraining loss after PPO-ptx " + mixed + ", after PPO " + plain);
    }

    private static double pretrainingLoss(Path model) throws Exception {
        try (HfTokenizer tok = HfTokenizer.load(model)) {
            PackedBlocks blocks = PackedBlocks.load(List.of(text), tok, 16, BadRecords.failing());
            List<int[]> seqs = new ArrayList<>();
            for (int i = 0; i < blocks.count(); i++) {
                seqs.add(blocks.block(i));
            }
            return CausalLmLoss.mean(HfModelFolder.open(model).loadCausalLm(), List.of(LmBatch.of(seqs, null)));
        }
    }

    @Test
    void iterationsInMemoryReportEveryMetric() {
        PpoConfig c = config("unused", "sample_every", 0);
        var rows = PpoTrainer.iterate(c, HfModelFolder.open(sft).loadCausalLm(), HfModelFolder.open(rm).loadScalarHead(),
                List.of(new int[] {1, 2, 3}, new int[] {4, 5}), 2, log);
        assertEquals(2, rows.size());
        for (String k : List.of("objective/kl", "objective/entropy", "objective/non_score_reward", "objective/rlhf_reward",
                "objective/scores", "policy/approxkl_avg", "policy/clipfrac_avg", "loss/policy_avg", "loss/value_avg",
                "val/clipfrac_avg", "val/ratio", "val/num_eos_tokens", "beta", "time/generation_s", "episodes_per_s")) {
            assertTrue(rows.get(1).containsKey(k), k);
        }
        assertEquals(0.0, rows.getFirst().get("objective/kl"), 1e-6, "the first rollout is the reference's own");
    }

    @Test
    void withEmaTheFinalPolicyIsTheAverage() throws Exception {
        PpoTrainer.train(config("ema", "total_episodes", 16 * 3, "ema_decay", 0.5), false, log);
        Path checkpoint = tmp.resolve("ema/checkpoints/step-00000012");
        Map<String, org.rlhf4j.tensor.Tensor> saved = HfModelFolder.open(tmp.resolve("ema")).loadCausalLm().parameters();
        Map<String, org.rlhf4j.tensor.Tensor> live = HfModelFolder.open(checkpoint).loadCausalLm().parameters();
        List<org.rlhf4j.tensor.Tensor> average = new ArrayList<>();
        for (var e : saved.entrySet()) {
            average.add(org.rlhf4j.tensor.Tensor.parameter(e.getKey(), new float[e.getValue().size()], e.getValue().shape()));
        }
        org.rlhf4j.tensor.optim.ParameterStore.load(checkpoint.resolve("policy_ema.safetensors"), average);
        String name = saved.keySet().stream().filter(k -> saved.get(k).rank() == 2).findFirst().orElseThrow();
        org.rlhf4j.tensor.Tensor averaged = average.stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
        org.junit.jupiter.api.Assertions.assertArrayEquals(averaged.data(), saved.get(name).data(), "saved policy = the average");
        assertTrue(!java.util.Arrays.equals(live.get(name).data(), saved.get(name).data()), "which is not the last weights");
    }

    @Test
    void resumeReproducesTheUninterruptedRun() {
        PpoTrainer.train(config("whole", "total_episodes", 16 * 6, "checkpoint_every", 2, "kl_target", 1.0), false, log);
        PpoTrainer.train(config("parts", "total_episodes", 16 * 3, "checkpoint_every", 2, "kl_target", 1.0), false, log);
        PpoTrainer.train(config("parts", "total_episodes", 16 * 6, "checkpoint_every", 2, "kl_target", 1.0), true, log);
        List<JsonNode> whole = rows("whole");
        List<JsonNode> parts = rows("parts");
        assertEquals(6, parts.size());
        for (int i = 0; i < 6; i++) {
            for (String k : List.of("objective/scores", "objective/kl", "loss/policy_avg", "loss/value_avg", "beta")) {
                assertEquals(whole.get(i).get(k).asDouble(), parts.get(i).get(k).asDouble(), 0.0, k + " at iteration " + (i + 1));
            }
        }
        assertTrue(logBytes.toString().contains("resuming from"), logBytes.toString());
    }
}
