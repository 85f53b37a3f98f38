package org.rlhf4j.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rlhf4j.eval.report.EvalResults;
import org.rlhf4j.eval.report.ReportWriter;
import org.rlhf4j.model.Architecture;
import org.rlhf4j.model.ModelConfig;
import org.rlhf4j.model.TransformerModel;
import org.rlhf4j.model.hf.HfModelFolder;
import org.rlhf4j.model.tokenizer.HfTokenizer;
import org.rlhf4j.model.tokenizer.TokenizerFixtures;
import org.rlhf4j.sim.judge.Checker;
import org.rlhf4j.sim.judge.Measurement;
import org.rlhf4j.sim.labelers.Fluency;
import org.rlhf4j.sim.labelers.LabelerGroup;
import org.rlhf4j.sim.labelers.LabelerPanel;
import org.rlhf4j.sim.prompts.Category;
import org.rlhf4j.sim.prompts.SimPrompt;
import org.rlhf4j.tensor.io.DType;

/** The whole evaluation on tiny random models: a model against an exact copy of itself, and against another. */
class EvaluationTest {
    @TempDir
    Path dir;

    /** Correct when the response mentions the answer; a response with a digit "invents" one. */
    private static final Checker CHECKER = (prompt, response) -> {
        String r = response.toLowerCase(java.util.Locale.ROOT);
        boolean correct = prompt.answers().stream().anyMatch(r::contains);
        boolean invents = !correct && r.chars().anyMatch(Character::isDigit);
        return new Measurement(correct ? 1 : 0, !r.isBlank(), false, invents, false, r.contains("xx") ? 1 : 0,
                r.isBlank() ? 0 : r.strip().split("\\s+").length);
    };

    private Path tinyModel(String name, long seed, Path tokenizer) throws Exception {
        int vocab;
        int eos;
        try (HfTokenizer t = HfTokenizer.load(tokenizer)) {
            vocab = t.vocabSize();
            eos = t.eosId();
        }
        ModelConfig c = new ModelConfig(Architecture.GPT2, vocab, 32, 2, 2, 2, 16, 64, 128, 1e-5f, 10000, null,
                true, true, true, true, 0f, 0f, eos, new int[] {eos}, -1);
        Path out = dir.resolve(name);
        HfModelFolder.saveCausalLm(TransformerModel.initialise(c, true, seed), null, out, DType.F32, tokenizer);
        return out;
    }

    private static List<SimPrompt> prompts(int n) {
        List<SimPrompt> prompts = new ArrayList<>();
        String[] categories = {"GENERATION", "OPEN_QA", "CLOSED_QA", "CHAT"};
        for (int i = 0; i < n; i++) {
            Category c = Category.valueOf(categories[i % categories.length]);
            prompts.add(new SimPrompt("p" + i, "Question " + i + ": name a colour.", c, "colour", List.of(),
                    List.of("red"), List.of("colour"), "Red.", c == Category.CLOSED_QA));
        }
        return prompts;
    }

    @Test
    void aModelAgainstItsCopyIsAFiftyFiftyTieAndTheReportHasEveryFigure() throws Exception {
        Path tok = TokenizerFixtures.gpt2(dir.resolve("tokenizer"));
        TokenizerFixtures.writeConfig(tok, "{\"bos_token\": \"<|endoftext|>\", \"eos_token\": \"<|endoftext|>\"}");
        Path base = tinyModel("base", 1, tok);
        Path copy = dir.resolve("copy");
        Files.createDirectories(copy);
        try (var files = Files.list(base)) {
            for (Path f : files.toList()) {
                Files.copy(f, copy.resolve(f.getFileName()));
            }
        }
        Path other = tinyModel("other", 2, tok);
        Path corpus = dir.resolve("heldout.txt");
        Files.writeString(corpus, "It is a truth universally acknowledged, that a single man in possession of a good "
                + "fortune, must be in want of a wife.\n");
        Map<String, Path> models = new LinkedHashMap<>();
        models.put("base", base);
        models.put("copy", copy);
        models.put("other", other);
        EvalOptions options = new EvalOptions(models, "base", prompts(12), LabelerGroup.HELD_OUT, null, corpus, 200, null,
                PromptFormat.PLAIN, 8, 1f, 4, 5, 42);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        EvalResults results = new Evaluation(options, CHECKER, LabelerPanel.create(3), Fluency.NONE,
                new PrintStream(log, true)).run();

        EvalResults.ModelResult self = results.model("base");
        EvalResults.ModelResult twin = results.model("copy");
        EvalResults.ModelResult different = results.model("other");
        // Same weights, same seeds: the same texts, all ties.
        assertEquals(0.5, self.winRate());
        assertEquals(0.5, twin.winRate());
        assertTrue(twin.winRateCi().contains(0.5));
        assertEquals(12 * 5, twin.comparisons());
        assertEquals(0.0, twin.klToBaseline(), 1e-4);
        assertEquals(self.heldOutPerplexity(), twin.heldOutPerplexity(), 1e-9);
        // A different random model: a KL estimate that is not 0 (both random models are near uniform, so its
        // sign on 12 samples is noise; the copy's exact 0 above is what checks the estimator).
        assertTrue(Math.abs(different.klToBaseline()) > 1e-4, "KL " + different.klToBaseline());
        assertTrue(different.heldOutPerplexity() > 1);
        assertNotNull(different.likert());
        assertEquals(3, different.truthfulness().correct().total());
        assertEquals(4, different.toxicity().plain().total());
        assertEquals(2, different.winRateByJudgeGroup().size());
        assertEquals(4, results.samples().size());
        assertTrue(log.toString().contains("eval other"), log.toString());

        Path report = ReportWriter.write(results, dir.resolve("report"));
        assertTrue(Files.readString(report).contains("other"));
        String json = Files.readString(dir.resolve("report/results.json"));
        assertTrue(json.contains("\"win_rate\"") && json.contains("\"win_rate_ci\""), json);
    }

    @Test
    void peoplesRankingsGiveTheWinRateTable() throws Exception {
        Path tok = TokenizerFixtures.gpt2(dir.resolve("tokenizer"));
        TokenizerFixtures.writeConfig(tok, "{\"bos_token\": \"<|endoftext|>\", \"eos_token\": \"<|endoftext|>\"}");
        Map<String, Path> models = new LinkedHashMap<>();
        models.put("sft", tinyModel("sft", 1, tok));
        models.put("ppo", tinyModel("ppo", 2, tok));
        // Three prompts: people rank ppo first twice, below once, and tie it once (two labelers on p0).
        Path export = dir.resolve("comparisons.jsonl");
        Files.writeString(export, String.join("\n",
                "{\"prompt\":\"p0\",\"responses\":[\"a\",\"b\"],\"ranking\":[[1],[0]],\"models\":[\"sft\",\"ppo\"],\"labeler\":\"ann\"}",
                "{\"prompt\":\"p0\",\"responses\":[\"a\",\"b\"],\"ranking\":[[0,1]],\"models\":[\"sft\",\"ppo\"],\"labeler\":\"bo\"}",
                "{\"prompt\":\"p1\",\"responses\":[\"c\",\"d\"],\"ranking\":[[0],[1]],\"models\":[\"ppo\",\"sft\"],\"labeler\":\"ann\"}",
                "{\"prompt\":\"p2\",\"responses\":[\"e\",\"f\"],\"ranking\":[[0],[1]],\"models\":[\"sft\",\"ppo\"],\"labeler\":\"ann\"}"));
        EvalOptions options = new EvalOptions(models, "sft", prompts(4), LabelerGroup.HELD_OUT, export, null, 200, null,
                PromptFormat.PLAIN, 4, 1f, 0, 4, 42);
        EvalResults results = new Evaluation(options, CHECKER, LabelerPanel.create(3), Fluency.NONE,
                new PrintStream(new ByteArrayOutputStream(), true)).run();
        EvalResults.ModelResult ppo = results.model("ppo");
        // per prompt: p0 (1 + 0.5) / 2 = 0.75, p1 1, p2 0; mean 0.5833...
        assertEquals((0.75 + 1 + 0) / 3, ppo.winRate(), 1e-12);
        assertEquals(4, ppo.comparisons());
        assertEquals(3, ppo.prompts());
        assertEquals(0.5, results.model("sft").winRate());
        assertTrue(results.setup().judges().contains("comparisons.jsonl"), results.setup().judges());
    }
}
