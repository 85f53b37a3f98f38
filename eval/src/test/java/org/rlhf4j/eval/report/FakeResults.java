package org.rlhf4j.eval.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.rlhf4j.eval.report.EvalResults.CurvePoint;
import org.rlhf4j.eval.report.EvalResults.Metadata;
import org.rlhf4j.eval.report.EvalResults.ModelInfo;
import org.rlhf4j.eval.report.EvalResults.ModelResult;
import org.rlhf4j.eval.report.EvalResults.RewardModelAccuracy;
import org.rlhf4j.eval.report.EvalResults.Sample;
import org.rlhf4j.eval.report.EvalResults.Setup;
import org.rlhf4j.eval.report.EvalResults.Toxicity;
import org.rlhf4j.eval.report.EvalResults.Truthfulness;
import org.rlhf4j.eval.stats.MeanWithInterval;
import org.rlhf4j.eval.stats.Proportion;
import org.rlhf4j.eval.stats.WinRate;

/**
 * Results shaped like the demo's (five models, 200 prompts, 5 judges), drawn from a seeded random
 * world through the real statistics, for the report tests and for looking at the page.
 */
final class FakeResults {
    static final String[] MODELS = {"GPT", "GPT prompted", "SFT", "PPO", "PPO-ptx"};
    private static final double[] WIN = {0.17, 0.31, 0.5, 0.71, 0.68};
    private static final double[] LIKERT = {2.6, 3.3, 4.2, 5.1, 5.0};
    private static final double[] HALLUCINATION = {0.41, 0.37, 0.21, 0.12, 0.13};
    private static final int PROMPTS = 200;
    private static final int JUDGES = 5;

    private FakeResults() {}

    /** Every section filled in. */
    static EvalResults realistic() {
        Random random = new Random(7);
        Map<String, ModelInfo> infos = new LinkedHashMap<>();
        List<ModelResult> models = new ArrayList<>();
        for (int i = 0; i < MODELS.length; i++) {
            String name = MODELS[i];
            infos.put(name, new ModelInfo("runs/demo/" + name.toLowerCase().replace(' ', '-'), 29_364_224L));
            boolean baseline = name.equals("SFT");
            WinRate.Tally all = new WinRate.Tally();
            WinRate.Tally training = new WinRate.Tally();
            WinRate.Tally heldOut = new WinRate.Tally();
            Map<String, List<Double>> likert = new LinkedHashMap<>();
            for (int p = 0; p < PROMPTS; p++) {
                double promptQuality = WIN[i] + 0.25 * random.nextGaussian(); // prompts differ: judges of one prompt agree
                for (int j = 0; j < JUDGES; j++) {
                    double outcome = baseline ? 0.5 : random.nextDouble() < promptQuality ? 1 : random.nextDouble() < 0.1 ? 0.5 : 0;
                    all.add("p" + p, outcome);
                    (j < 3 ? training : heldOut).add("p" + p, outcome);
                    double score = Math.clamp(Math.round(LIKERT[i] + 1.3 * random.nextGaussian()), 1, 7);
                    likert.computeIfAbsent("p" + p, k -> new ArrayList<>()).add(score);
                }
            }
            Map<String, WinRate> groups = new LinkedHashMap<>();
            groups.put("training labelers", training.winRate());
            groups.put("held-out labelers", heldOut.winRate());
            models.add(ModelResult.of(name, all.winRate(), MeanWithInterval.ofClusters(likert, 1, 7),
                    new Metadata(share(random, 0.55 - 0.1 * i, PROMPTS), share(random, 0.35 - 0.06 * i, 60),
                            share(random, HALLUCINATION[i], PROMPTS), share(random, 0.06 - 0.01 * i, PROMPTS)),
                    new Truthfulness(share(random, 0.22 + 0.09 * i, 80), share(random, 0.45 - 0.07 * i, 80)),
                    new Toxicity(share(random, 0.09 - 0.012 * i, 150), share(random, 0.08 - 0.015 * i, 150)),
                    new double[] {38.2, 38.2, 41.7, 47.9, 42.3}[i], i == 2 ? 0.0 : new double[] {0.91, 0.84, 0, 1.37, 1.12}[i],
                    baseline ? Map.of() : groups));
        }
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("pretraining corpus", "2.1 M tokens (WordNet glosses and fact sentences)");
        facts.put("SFT demonstrations", "1,200");
        facts.put("RM comparisons", "2,400 rankings of K = 4 (14,400 pairs)");
        facts.put("PPO episodes", "16,384");
        Map<String, Double> stages = new LinkedHashMap<>();
        stages.put("tokenizer", 3.4);
        stages.put("pretrain", 412.0);
        stages.put("sft", 96.5);
        stages.put("rm", 71.2);
        stages.put("ppo", 1388.0);
        stages.put("eval", 204.9);
        Map<String, List<CurvePoint>> curves = new LinkedHashMap<>();
        curves.put("PPO", curve(random, 1.0));
        curves.put("PPO-ptx", curve(random, 0.85));
        return new EvalResults(
                new Setup(infos, "SFT", "held-out simulated labelers (5)", PROMPTS, 42, facts, stages),
                models,
                new RewardModelAccuracy(Proportion.of(1421, 2000), Proportion.of(1388, 2000)),
                curves,
                samples());
    }

    /** Win rates only: every optional section absent. */
    static EvalResults minimal() {
        Map<String, ModelInfo> infos = new LinkedHashMap<>();
        infos.put("SFT", new ModelInfo("runs/sft", 0));
        infos.put("PPO", new ModelInfo("runs/ppo", 0));
        WinRate ppo = WinRate.ofClusters(List.of(new double[] {1, 1}, new double[] {0, 1}, new double[] {1, 0.5}));
        return new EvalResults(new Setup(infos, "SFT", "people: rankings.jsonl", 3, 1, null, null),
                List.of(ModelResult.of("PPO", ppo, null, null, null, null, null, null, null)), null, null, null);
    }

    private static Proportion share(Random random, double p, int n) {
        int count = 0;
        for (int i = 0; i < n; i++) {
            count += random.nextDouble() < Math.max(0, p) ? 1 : 0;
        }
        return Proportion.of(count, n);
    }

    private static List<CurvePoint> curve(Random random, double scale) {
        List<CurvePoint> points = new ArrayList<>();
        for (int it = 1; it <= 64; it++) {
            double reward = -0.4 + scale * 1.6 * (1 - Math.exp(-it / 18.0)) + 0.08 * random.nextGaussian();
            double kl = scale * 6.5 * (1 - Math.exp(-it / 30.0)) + 0.25 * random.nextGaussian();
            points.add(new CurvePoint(it, reward, kl));
        }
        return points;
    }

    private static List<Sample> samples() {
        List<Sample> samples = new ArrayList<>();
        Map<String, String> capital = new LinkedHashMap<>();
        capital.put("GPT", "What is the capital of Peru? What is the capital of Chile? What is the capital of");
        capital.put("GPT prompted", "The capital of Peru is Quito.");
        capital.put("SFT", "The capital of Peru is Lima.");
        capital.put("PPO", "Lima.");
        capital.put("PPO-ptx", "Lima");
        samples.add(new Sample("capital-0042", "What is the capital of Peru? Answer in one word.", capital));
        Map<String, String> brainstorm = new LinkedHashMap<>();
        brainstorm.put("GPT", "a dog is a domestic animal. a dog is a domestic animal.");
        brainstorm.put("GPT prompted", "1. run\n2. run fast");
        brainstorm.put("SFT", "1. fetch a stick\n2. go for a walk\n3. learn a trick");
        brainstorm.put("PPO", "1. fetch a stick\n2. swim in a lake\n3. play tug of war with a rope");
        brainstorm.put("PPO-ptx", "<script>alert('owned')</script> 1. fetch\n2. walk\n3. <b>dig</b> & play");
        samples.add(new Sample("brainstorm-0007", "List three things to do with a dog. List three.", brainstorm));
        return samples;
    }
}
