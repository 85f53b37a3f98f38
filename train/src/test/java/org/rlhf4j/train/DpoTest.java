package org.rlhf4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rlhf4j.model.TransformerModel;
import org.rlhf4j.model.generate.Generation;
import org.rlhf4j.model.generate.Generator;
import org.rlhf4j.model.generate.SamplingConfig;
import org.rlhf4j.model.hf.HfModelFolder;
import org.rlhf4j.model.tokenizer.HfTokenizer;
import org.rlhf4j.tensor.Autograd;
import org.rlhf4j.tensor.Rng;
import org.rlhf4j.train.config.ConfigLoader;
import org.rlhf4j.train.config.DpoConfig;
import org.rlhf4j.train.dpo.DpoTrainer;
import org.rlhf4j.train.run.EpochLoop;
import org.rlhf4j.train.run.MetricsLog;

/** DPO end to end on a tiny GPT-2: a synthetic preference for a marker word, and exact resume. */
class DpoTest {
    @TempDir
    Path tmp;

    private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    private final PrintStream log = new PrintStream(logBytes, true);
    private static final String[] PROMPTS = {"say", "tell", "the", "world", "speak", "write"};
    private static final String[] FILLER = {"the", "world", "wo", "rld", "th"};

    /** K = 2..4 responses per prompt; the one with the marker "hello" is ranked first, the rest tied. */
    private Path comparisons() throws Exception {
        Rng rng = new Rng(5);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            int k = 2 + i % 3;
            int marked = rng.nextInt(k);
            List<String> responses = new ArrayList<>();
            for (int j = 0; j < k; j++) {
                responses.add("\"" + (j == marked ? " hello" : " " + FILLER[rng.nextInt(FILLER.length)]) + "\"");
            }
            StringBuilder rest = new StringBuilder();
            for (int j = 0; j < k; j++) {
                if (j != marked) {
                    rest.append(rest.isEmpty() ? "" : ", ").append(j);
                }
            }
            lines.add("{\"prompt\": \"" + PROMPTS[i % PROMPTS.length] + "\", \"responses\": [" + String.join(", ", responses)
                    + "], \"ranking\": [[" + marked + "], [" + rest + "]]}");
        }
        return TrainerFixtures.writeLines(tmp.resolve("cmp.jsonl"), lines);
    }

    private DpoConfig config(Path model, Path data, String out, Object... more) {
        Map<String, Object> m = new HashMap<>(Map.of("model", model.toString(), "data", data.toString(),
                "out", tmp.resolve(out).toString(), "batch_size", 8, "learning_rate", 3e-3, "warmup_steps", 2,
                "beta", 0.5, "validation_fraction", 0.25, "max_length", 32));
        for (int i = 0; i < more.length; i += 2) {
            m.put((String) more[i], more[i + 1]);
        }
        return ConfigLoader.load(DpoConfig.class, null, m);
    }

    /** Share of the prompts whose greedy continuation contains the marker. */
    private static double markerRate(Path modelDir) throws Exception {
        TransformerModel model = HfModelFolder.open(modelDir).loadCausalLm();
        int hits = 0;
        try (HfTokenizer tokenizer = HfTokenizer.load(modelDir); var g = Autograd.noGrad()) {
            List<int[]> prompts = new ArrayList<>();
            for (String p : PROMPTS) {
                prompts.add(tokenizer.encode(p, true));
            }
            Generation gen = new Generator(model).generate(prompts,
                    SamplingConfig.greedy(4, model.config().eosTokenIds()));
            for (int[] tokens : gen.tokens()) {
                hits += tokenizer.decode(tokens, true).contains("hello") ? 1 : 0;
            }
        }
        return (double) hits / PROMPTS.length;
    }

    @Test
    void dpoLearnsTheMarkerPreference() throws Exception {
        Path model = TrainerFixtures.tinyModel(tmp.resolve("init"));
        EpochLoop.Result r = DpoTrainer.train(config(model, comparisons(), "dpo", "epochs", 8), false, log);
        double accuracy = r.keptMetrics().get("eval/rewards/accuracies");
        assertTrue(accuracy > 0.9, "held-out implicit reward accuracy " + accuracy + " (chance 0.5)\n" + logBytes);
        double before = markerRate(model);
        double after = markerRate(tmp.resolve("dpo"));
        assertTrue(after > before && after >= 0.5, "greedy marker rate " + before + " -> " + after);
        var rows = MetricsLog.read(tmp.resolve("dpo/metrics.jsonl"));
        assertTrue(rows.getFirst().has("rewards/margins") && rows.getFirst().has("logps/chosen"), rows.getFirst().toString());
        assertTrue(logBytes.toString().contains("best so far by eval/rewards/accuracies"), logBytes.toString());
    }

    @Test
    void resumeReproducesTheUninterruptedRun() throws Exception {
        Path model = TrainerFixtures.tinyModel(tmp.resolve("init"));
        Path data = comparisons();
        DpoConfig whole = config(model, data, "whole", "epochs", 2, "checkpoint_every", 4, "residual_dropout", 0.1);
        DpoTrainer.train(whole, false, log);
        DpoConfig broken = config(model, data, "broken", "epochs", 2, "checkpoint_every", 4, "residual_dropout", 0.1);
        CrashingTask crashing = new CrashingTask(DpoTrainer.fromConfig(broken, false, log), 7);
        assertThrows(IllegalStateException.class, () -> EpochLoop.run(crashing, broken, false, log));
        DpoTrainer.train(broken, true, log);
        assertTrue(logBytes.toString().contains("reference log-probs read from"), logBytes.toString());
        assertEquals(losses(tmp.resolve("whole")), losses(tmp.resolve("broken")), "bit-identical losses after resuming");
    }

    private static List<Double> losses(Path run) {
        return MetricsLog.read(run.resolve("metrics.jsonl")).stream().filter(r -> r.has("loss"))
                .map(r -> r.get("loss").asDouble()).toList();
    }
}
