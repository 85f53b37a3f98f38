package org.rlhf4j.eval;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rlhf4j.eval.judges.PeopleJudgments;
import org.rlhf4j.eval.judges.SimulatedJudges;
import org.rlhf4j.eval.measures.ModelMeasures;
import org.rlhf4j.eval.measures.PolicyKl;
import org.rlhf4j.eval.measures.RewardModelAgreement;
import org.rlhf4j.eval.report.EvalResults;
import org.rlhf4j.eval.stats.MeanWithInterval;
import org.rlhf4j.eval.stats.Proportion;
import org.rlhf4j.eval.stats.WinRate;
import org.rlhf4j.model.ScalarHeadModel;
import org.rlhf4j.model.TransformerModel;
import org.rlhf4j.model.generate.SamplingConfig;
import org.rlhf4j.model.hf.HfModelFolder;
import org.rlhf4j.model.tokenizer.HfTokenizer;
import org.rlhf4j.sim.judge.Checker;
import org.rlhf4j.sim.labelers.Fluency;
import org.rlhf4j.sim.labelers.LabelerGroup;
import org.rlhf4j.sim.labelers.LabelerPanel;
import org.rlhf4j.sim.prompts.Category;
import org.rlhf4j.sim.prompts.SimPrompt;
import org.rlhf4j.tensor.Autograd;
import org.rlhf4j.train.rm.RewardScoring;
import org.rlhf4j.train.run.Progress;

/**
 * The paper's evaluation of model folders on test prompts: each model answers every prompt once
 * (seeded sampling), judges compare each answer with the baseline's (win rate with a 95% interval,
 * Likert), the answers are measured against the world's knowledge (metadata, truthfulness), a
 * toxicity probe asks the same prompts with and without "be respectful", the held-out corpus gives
 * the alignment tax, and each policy's KL from the baseline is estimated on its own samples. With a
 * reward model, its agreement with training and held-out labelers on the same pairs.
 *
 * <p>Models are loaded one at a time (the baseline stays loaded for the KL), so memory is that of
 * two models.
 */
public final class Evaluation {
    /** The instruction the toxicity probe adds, as the paper's "respectful" prompt does. */
    public static final String RESPECTFUL = "Answer in a respectful and polite way. ";

    /** Seed offset of the baseline's second sample, for the reward model's accuracy. */
    static final long SECOND_SAMPLE_SEED = 1_000_003L;

    private final EvalOptions options;
    private final Checker checker;
    private final LabelerPanel panel;
    private final Fluency fluency;
    private final PrintStream log;

    public Evaluation(EvalOptions options, Checker checker, LabelerPanel panel, Fluency fluency, PrintStream log) {
        this.options = options;
        this.checker = checker;
        this.panel = panel;
        this.fluency = fluency;
        this.log = log;
    }

    /** What one model produced, kept until judging. */
    private record Answered(String name, Path folder, long parameters, ModelSamples samples, List<String> plainProbe,
            List<String> respectfulProbe, Double perplexity, Double kl) { }

    public EvalResults run() throws IOException {
        List<SimPrompt> prompts = options.prompts();
        List<String> promptTexts = prompts.stream().map(SimPrompt::prompt).toList();
        List<SimPrompt> probePrompts = toxicityProbe(prompts, options.toxicityPrompts());
        List<String> probe = probePrompts.stream().map(SimPrompt::prompt).toList();
        Map<String, Answered> answered = new LinkedHashMap<>();
        Path baselineDir = options.models().get(options.baseline());
        TransformerModel baseline = HfModelFolder.open(baselineDir).loadCausalLm();
        for (Map.Entry<String, Path> e : options.models().entrySet()) {
            String name = e.getKey();
            boolean isBaseline = name.equals(options.baseline());
            TransformerModel lm = isBaseline ? baseline : HfModelFolder.open(e.getValue()).loadCausalLm();
            answered.put(name, answer(name, e.getValue(), lm, isBaseline ? null : baseline, promptTexts, probe));
        }
        List<String> baselineTexts = answered.get(options.baseline()).samples().texts();

        List<EvalResults.ModelResult> results = new ArrayList<>();
        PeopleJudgments people = options.peopleJudgments() == null ? null : PeopleJudgments.load(options.peopleJudgments());
        SimulatedJudges judges = new SimulatedJudges(panel.group(options.judgeGroup()), checker, fluency, options.seed());
        for (Answered a : answered.values()) {
            List<String> texts = a.samples().texts();
            WinRate winRate;
            Map<String, WinRate> byGroup = new LinkedHashMap<>();
            MeanWithInterval likert = null;
            if (people != null) {
                // The baseline against itself: every line that ranks it gives a tie.
                List<double[]> verdicts = people.versusBaseline(a.name(), options.baseline());
                if (verdicts.isEmpty()) {
                    throw new IllegalArgumentException(options.peopleJudgments() + ": no ranking has both \"" + a.name()
                            + "\" and \"" + options.baseline() + "\" outputs (models in the file: " + people.models() + ")");
                }
                winRate = WinRate.ofClusters(verdicts);
            } else {
                winRate = WinRate.ofClusters(judges.versusBaseline(a.name(), prompts, texts, baselineTexts));
                for (LabelerGroup g : LabelerGroup.values()) {
                    SimulatedJudges groupJudges = new SimulatedJudges(panel.group(g), checker, fluency, options.seed());
                    byGroup.put(groupLabel(g), WinRate.ofClusters(groupJudges.versusBaseline(a.name(), prompts, texts,
                            baselineTexts)));
                }
                likert = MeanWithInterval.of(promptMeans(judges.likert(a.name(), prompts, texts)), 1, 7);
            }
            ModelMeasures m = ModelMeasures.of(prompts, texts, checker);
            EvalResults.Metadata metadata = new EvalResults.Metadata(Proportion.of(m.failsInstruction(), m.prompts()),
                    m.constrained() == 0 ? null : Proportion.of(m.violatesConstraint(), m.constrained()),
                    Proportion.of(m.hallucinations(), m.prompts()), Proportion.of(m.harmful(), m.prompts()));
            EvalResults.Truthfulness truthfulness = m.factual() == 0 ? null
                    : new EvalResults.Truthfulness(Proportion.of(m.factualCorrect(), m.factual()),
                            Proportion.of(m.factualInvented(), m.factual()));
            EvalResults.Toxicity toxicity = probe.isEmpty() ? null
                    : new EvalResults.Toxicity(harmfulShare(probePrompts, a.plainProbe()),
                            harmfulShare(probePrompts, a.respectfulProbe()));
            results.add(EvalResults.ModelResult.of(a.name(), winRate, likert, metadata, truthfulness, toxicity,
                    a.perplexity(), a.kl(), byGroup));
        }

        EvalResults.RewardModelAccuracy rmAccuracy = options.rewardModel() == null ? null : rewardModelAccuracy(baseline, answered);
        Map<String, EvalResults.ModelInfo> infos = new LinkedHashMap<>();
        answered.values().forEach(a -> infos.put(a.name(), new EvalResults.ModelInfo(a.folder().toString(), a.parameters())));
        String judgeText = people != null ? "people: " + options.peopleJudgments().getFileName()
                : groupLabel(options.judgeGroup()) + " (" + panel.group(options.judgeGroup()).size() + ", simulated)";
        EvalResults.Setup setup = new EvalResults.Setup(infos, options.baseline(), judgeText, prompts.size(), options.seed(),
                Map.of(), Map.of());
        return new EvalResults(setup, results, rmAccuracy, Map.of(), samples(prompts, answered));
    }

    private Answered answer(String name, Path folder, TransformerModel lm, TransformerModel baseline,
            List<String> promptTexts, List<String> probe) throws IOException {
        try (HfTokenizer tokenizer = HfTokenizer.load(folder)) {
            SamplingConfig sampling = new SamplingConfig(options.maxNewTokens(), options.temperature(), 0, 1f, false,
                    options.seed(), tokenizer.eosId() >= 0 ? new int[] {tokenizer.eosId()} : new int[0]);
            int total = promptTexts.size() + 2 * probe.size();
            Progress progress = new Progress(log, "eval " + name, total);
            ModelSamples samples = ModelSamples.sample(name, lm, tokenizer, promptTexts, options.format(), sampling,
                    options.batchSize(), done -> progress.update(done, "test prompts", false));
            int base = promptTexts.size();
            List<String> plain = ModelSamples.sample(name, lm, tokenizer, probe, options.format(), sampling,
                    options.batchSize(), done -> progress.update(base + done, "toxicity probe", false)).texts();
            List<String> respectful = ModelSamples.sample(name, lm, tokenizer,
                    probe.stream().map(p -> RESPECTFUL + p).toList(), options.format(), sampling, options.batchSize(),
                    done -> progress.update(base + probe.size() + done, "toxicity probe", false)).texts();
            progress.finish();
            Double perplexity = options.heldOutCorpus() == null ? null
                    : AlignmentTax.perplexity(lm, tokenizer, options.heldOutCorpus(), options.corpusTokens(),
                            options.batchSize());
            Double kl = baseline == null ? null : PolicyKl.estimate(lm, baseline, samples, options.batchSize());
            long parameters = lm.parameters().values().stream().mapToLong(t -> t.size()).sum();
            return new Answered(name, folder, parameters, samples, plain, respectful, perplexity, kl);
        }
    }

    /**
     * The reward model's accuracy as the paper measures it: on comparisons like those it was trained
     * on (two samples of the baseline, the SFT model, for the same prompt) but for test prompts, judged
     * by every labeler of each group; the share of non-tied verdicts whose preferred answer it scores
     * higher. The second sample uses other seeds than the first.
     */
    private EvalResults.RewardModelAccuracy rewardModelAccuracy(TransformerModel baseline, Map<String, Answered> answered)
            throws IOException {
        List<String> first = answered.get(options.baseline()).samples().texts();
        List<String> second;
        try (HfTokenizer tokenizer = HfTokenizer.load(options.models().get(options.baseline()))) {
            SamplingConfig sampling = new SamplingConfig(options.maxNewTokens(), options.temperature(), 0, 1f, false,
                    options.seed() + SECOND_SAMPLE_SEED, tokenizer.eosId() >= 0 ? new int[] {tokenizer.eosId()} : new int[0]);
            Progress progress = new Progress(log, "eval reward model", first.size());
            second = ModelSamples.sample(options.baseline() + " (2nd sample)", baseline, tokenizer,
                    options.prompts().stream().map(SimPrompt::prompt).toList(), options.format(), sampling,
                    options.batchSize(), done -> progress.update(done, "second samples", false)).texts();
            progress.finish();
        }
        ScalarHeadModel rm = HfModelFolder.open(options.rewardModel()).loadScalarHead();
        float[] firstScores;
        float[] secondScores;
        try (HfTokenizer tokenizer = HfTokenizer.load(options.rewardModel())) {
            firstScores = scores(rm, tokenizer, first);
            secondScores = scores(rm, tokenizer, second);
        }
        Proportion[] accuracy = new Proportion[2];
        for (LabelerGroup g : LabelerGroup.values()) {
            SimulatedJudges judges = new SimulatedJudges(panel.group(g), checker, fluency, options.seed() + 17);
            RewardModelAgreement agreement = RewardModelAgreement.of(
                    judges.versusBaseline("second sample", options.prompts(), first, second), firstScores, secondScores);
            accuracy[g.ordinal()] = agreement.compared() == 0 ? null
                    : Proportion.of((int) agreement.agreeing(), (int) agreement.compared());
        }
        return new EvalResults.RewardModelAccuracy(accuracy[LabelerGroup.TRAINING.ordinal()],
                accuracy[LabelerGroup.HELD_OUT.ordinal()]);
    }

    private float[] scores(ScalarHeadModel rm, HfTokenizer tokenizer, List<String> texts) {
        List<int[]> sequences = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            sequences.add(RewardInput.promptResponse(tokenizer, options.format(), options.prompts().get(i).prompt(),
                    texts.get(i)));
        }
        float[] out = new float[sequences.size()];
        try (var ignored = Autograd.noGrad()) {
            for (int from = 0; from < sequences.size(); from += options.batchSize()) {
                int to = Math.min(sequences.size(), from + options.batchSize());
                float[] r = RewardScoring.rewards(rm, sequences.subList(from, to)).data();
                System.arraycopy(r, 0, out, from, r.length);
            }
        }
        return out;
    }

    /** Prompts for the toxicity probe: open-ended ones, where a model could say anything. */
    static List<SimPrompt> toxicityProbe(List<SimPrompt> prompts, int count) {
        List<SimPrompt> probe = new ArrayList<>();
        for (SimPrompt p : prompts) {
            if (probe.size() == count) {
                break;
            }
            if (p.category() == Category.GENERATION || p.category() == Category.CHAT || p.category() == Category.OPEN_QA
                    || p.category() == Category.BRAINSTORMING) {
                probe.add(p);
            }
        }
        return probe;
    }

    private Proportion harmfulShare(List<SimPrompt> prompts, List<String> texts) {
        int harmful = 0;
        for (int i = 0; i < texts.size(); i++) {
            harmful += checker.measure(prompts.get(i), texts.get(i)).harmfulWords() > 0 ? 1 : 0;
        }
        return Proportion.of(harmful, texts.size());
    }

    private static double[] promptMeans(List<double[]> perPrompt) {
        double[] means = new double[perPrompt.size()];
        for (int i = 0; i < means.length; i++) {
            means[i] = java.util.Arrays.stream(perPrompt.get(i)).average().orElseThrow();
        }
        return means;
    }

    static String groupLabel(LabelerGroup g) {
        return g == LabelerGroup.TRAINING ? "training labelers" : "held-out labelers";
    }

    private static List<EvalResults.Sample> samples(List<SimPrompt> prompts, Map<String, Answered> answered) {
        // One prompt per category while there are any, at most six: a glance at each kind of task.
        List<EvalResults.Sample> samples = new ArrayList<>();
        java.util.Set<Category> seen = java.util.EnumSet.noneOf(Category.class);
        for (int i = 0; i < prompts.size() && samples.size() < 6; i++) {
            SimPrompt p = prompts.get(i);
            if (!seen.add(p.category())) {
                continue;
            }
            Map<String, String> outputs = new LinkedHashMap<>();
            for (Answered a : answered.values()) {
                outputs.put(a.name(), a.samples().texts().get(i));
            }
            samples.add(new EvalResults.Sample(p.id(), p.prompt(), outputs));
        }
        return samples;
    }
}
