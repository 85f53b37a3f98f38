package org.rlhf4j.eval.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.rlhf4j.eval.stats.Interval;
import org.rlhf4j.eval.stats.MeanWithInterval;
import org.rlhf4j.eval.stats.Proportion;
import org.rlhf4j.eval.stats.WinRate;

/**
 * Everything {@code rlhf4j eval} measures (and {@code rlhf4j demo} adds), as written to
 * {@code results.json} (snake_case keys: {@code win_rate}, {@code win_rate_ci}...) and drawn by
 * {@link ReportWriter}.
 *
 * <p>Optional figures are {@code null} (a single figure or a whole section) or an empty
 * collection; the reports leave out what is absent. Collections keep the order they are given
 * in (models in the order to show them: GPT, SFT, PPO, PPO-ptx...), and are read-only.
 *
 * @param setup          what was evaluated, against what, by whom
 * @param models         one result per evaluated model, in display order (the baseline may have
 *                       a row of its own, at 0.5 against itself)
 * @param rewardModel    the reward model's accuracy on held-back comparisons; null when no reward model was evaluated
 * @param trainingCurves training curves by name (e.g. {@code "PPO"}, {@code "PPO-ptx"}), each a list of
 *                       points in iteration order; empty when none
 * @param samples        a few prompts with each model's output; empty when none
 */
public record EvalResults(Setup setup, List<ModelResult> models, RewardModelAccuracy rewardModel,
        Map<String, List<CurvePoint>> trainingCurves, List<Sample> samples) {

    public EvalResults {
        Objects.requireNonNull(setup, "setup");
        models = list(models);
        Map<String, List<CurvePoint>> curves = new LinkedHashMap<>();
        map(trainingCurves).forEach((name, points) -> curves.put(name, list(points)));
        trainingCurves = Collections.unmodifiableMap(curves);
        samples = list(samples);
    }

    /** The result of the model with this name, or null. */
    public ModelResult model(String name) {
        return models.stream().filter(m -> m.name().equals(name)).findFirst().orElse(null);
    }

    /**
     * What was evaluated and how.
     *
     * @param models       the models by name (display name, e.g. {@code "PPO-ptx"}), in display order
     * @param baseline     name of the model every win rate is measured against (the paper's 175B SFT)
     * @param judges       who judged, in words: {@code "held-out simulated labelers (5)"}, {@code "people: rankings.jsonl"}
     * @param testPrompts  number of test prompts the models answered
     * @param seed         seed of the sampling and of the simulated judges
     * @param facts        other facts worth a line in the report, label to value, e.g.
     *                     {@code "SFT demonstrations" -> "1,200"}; empty when none
     * @param stageSeconds wall time of each stage that produced the models, stage to seconds
     *                     (the demo's {@code "pretrain"}, {@code "sft"}, {@code "rm"}, {@code "ppo"}); empty when not timed
     */
    public record Setup(Map<String, ModelInfo> models, String baseline, String judges, int testPrompts, long seed,
            Map<String, String> facts, Map<String, Double> stageSeconds) {
        public Setup {
            models = map(models);
            Objects.requireNonNull(baseline, "baseline");
            Objects.requireNonNull(judges, "judges");
            facts = map(facts);
            stageSeconds = map(stageSeconds);
        }
    }

    /**
     * One evaluated model.
     *
     * @param folder     the model folder it was loaded from
     * @param parameters number of parameters (0 when unknown)
     */
    public record ModelInfo(String folder, long parameters) { }

    /**
     * The figures of one model. Shares are of the model's responses to the test prompts.
     *
     * @param name                 display name, as in {@link Setup#models()}
     * @param winRate              how often the judges prefer this model's output to the baseline's (ties count
     *                             half), the mean over prompts; see {@link WinRate}
     * @param winRateCi            95% interval of {@code winRate}, computed over prompts
     * @param comparisons          number of judged comparisons against the baseline (judges x prompts)
     * @param prompts              number of prompts those comparisons cover
     * @param likert               mean overall quality score on the paper's 1-7 scale, with a 95% t interval;
     *                             null when the judges gave none
     * @param metadata             the paper's metadata (Figure 4); null when not measured
     * @param truthfulness         answers to the factual prompts; null when there were none
     * @param toxicity             harmful language with and without a "be respectful" instruction; null when not measured
     * @param heldOutPerplexity    perplexity on a held-out slice of the pretraining corpus: a rise against the
     *                             base model is the "alignment tax"; null when not measured
     * @param klToBaseline         mean per-response KL divergence (nats) from the baseline's distribution, on the
     *                             test prompts; null when not measured
     * @param winRateByJudgeGroup  the win rate against the baseline as judged by each group alone (e.g.
     *                             {@code "training labelers"}, {@code "held-out labelers"}); empty when not split
     */
    public record ModelResult(String name, double winRate, Interval winRateCi, int comparisons, int prompts,
            MeanWithInterval likert, Metadata metadata, Truthfulness truthfulness, Toxicity toxicity,
            Double heldOutPerplexity, Double klToBaseline, Map<String, WinRate> winRateByJudgeGroup) {
        public ModelResult {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(winRateCi, "winRateCi");
            winRateByJudgeGroup = map(winRateByJudgeGroup);
        }

        /** A model's result from its win rate against the baseline and the other figures (each may be null). */
        public static ModelResult of(String name, WinRate againstBaseline, MeanWithInterval likert, Metadata metadata,
                Truthfulness truthfulness, Toxicity toxicity, Double heldOutPerplexity, Double klToBaseline,
                Map<String, WinRate> winRateByJudgeGroup) {
            return new ModelResult(name, againstBaseline.rate(), againstBaseline.ci(), againstBaseline.comparisons(),
                    againstBaseline.prompts(), likert, metadata, truthfulness, toxicity, heldOutPerplexity, klToBaseline,
                    winRateByJudgeGroup);
        }

        /** The win rate against the baseline as one value. */
        public WinRate againstBaseline() {
            return new WinRate(winRate, winRateCi, comparisons, prompts);
        }
    }

    /**
     * The paper's metadata (InstructGPT Figure 4): shares of responses, each with a Wilson interval.
     *
     * @param failsToFollow      does not do what the instruction asks (all test prompts)
     * @param violatesConstraint breaks an explicit constraint of the prompt ("Answer in one word."), among the
     *                           prompts that state one; null when none does
     * @param hallucination      states something false against the knowledge (an invented fact)
     * @param harmfulLanguage    uses a word from the harmful-word list
     */
    public record Metadata(Proportion failsToFollow, Proportion violatesConstraint, Proportion hallucination,
            Proportion harmfulLanguage) { }

    /**
     * Truthfulness on the factual prompts (the paper's TruthfulQA figures, in the simulated world).
     *
     * @param correct share of factual prompts answered with an accepted answer
     * @param invents share of factual prompts where the model makes up a false answer (not counting
     *                "I don't know", which is untruthful by omission only)
     */
    public record Truthfulness(Proportion correct, Proportion invents) { }

    /**
     * Toxicity, as the paper measures it on RealToxicityPrompts: the share of responses with at least
     * one word from the harmful-word list, for the same prompts given plainly and with an instruction
     * to be respectful.
     *
     * @param plain      share with harmful words, prompts as they are
     * @param respectful share with harmful words when the prompt asks for a respectful answer
     */
    public record Toxicity(Proportion plain, Proportion respectful) { }

    /**
     * How often the reward model ranks the labeler-preferred response higher (ties dropped), on
     * comparisons it was not trained on. The paper reports ~72% for training labelers, ~70% for held-out.
     *
     * @param trainingLabelers accuracy on held-back comparisons of the labelers who wrote the training data; null when none
     * @param heldOutLabelers  accuracy on comparisons of labelers who wrote no training data; null when none
     */
    public record RewardModelAccuracy(Proportion trainingLabelers, Proportion heldOutLabelers) { }

    /**
     * One point of a training curve (PPO's, for the demo).
     *
     * @param iteration training iteration (PPO batch) number
     * @param reward    mean reward-model score of the iteration's responses ({@code objective/scores})
     * @param kl        mean KL of the policy from the SFT model over the iteration's responses ({@code objective/kl})
     */
    public record CurvePoint(int iteration, double reward, double kl) { }

    /**
     * One test prompt and what each model answered.
     *
     * @param promptId the prompt's identifier
     * @param prompt   the prompt as given to the models
     * @param outputs  model name to its output, in display order
     */
    public record Sample(String promptId, String prompt, Map<String, String> outputs) {
        public Sample {
            Objects.requireNonNull(prompt, "prompt");
            outputs = map(outputs);
        }
    }

    /** A read-only copy that keeps the order; null reads as empty. */
    private static <K, V> Map<K, V> map(Map<K, V> m) {
        return m == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(m));
    }

    private static <T> List<T> list(List<T> l) {
        return l == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(l));
    }
}
