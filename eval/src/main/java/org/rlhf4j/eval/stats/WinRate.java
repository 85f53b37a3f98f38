package org.rlhf4j.eval.stats;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How often judges prefer a model's output to the baseline's, with a 95% interval: the paper's
 * main figure (InstructGPT, Figure 1).
 *
 * <p>An outcome is 1 when the judge prefers the model's output, 0 when it prefers the baseline's,
 * 0.5 for a tie (a value in between, such as a judge's probability, is accepted too).
 *
 * <p>Why the interval is computed over prompts, not comparisons: every judge of one prompt sees
 * the same two outputs, so their verdicts move together (one good output convinces them all).
 * Counting 5 judges x 200 prompts as 1000 independent trials would shrink the standard error by
 * about sqrt(5) when the judges mostly agree, and the interval would claim a precision the
 * 200 prompts do not have. So the outcomes of a prompt are first averaged (one number per
 * cluster), and the interval is the normal one over those prompt means:
 * {@code mean ± 1.96 · sd / sqrt(#prompts)}, sd the sample standard deviation (n - 1), clipped to
 * [0, 1]. This is the cluster-robust standard error of the mean with equal cluster weights.
 * Nothing is lost when verdicts are in fact independent: the prompt means then vary less
 * (each averages several verdicts), and the interval narrows to about the naive one.
 *
 * <p>The rate itself is the mean of the prompt means, so every prompt weighs the same however
 * many judges it had; with the same number of judges per prompt it is the plain share of wins.
 *
 * @param rate        mean over prompts of the mean outcome per prompt, in [0, 1]
 * @param ci          95% interval of the rate, clipped to [0, 1]; [0, 1] when there is one prompt only
 * @param comparisons number of judged comparisons (judges x prompts)
 * @param prompts     number of prompts (clusters)
 */
public record WinRate(double rate, Interval ci, int comparisons, int prompts) {

    /** The win rate of outcomes grouped by prompt: each value of the map is one prompt's outcomes. */
    public static WinRate of(Map<String, ? extends List<Double>> outcomesByPrompt) {
        List<double[]> clusters = new ArrayList<>();
        outcomesByPrompt.forEach((prompt, outcomes) -> {
            double[] c = new double[outcomes.size()];
            for (int i = 0; i < c.length; i++) {
                c[i] = outcomes.get(i);
            }
            if (c.length == 0) {
                throw new IllegalArgumentException("prompt " + prompt + " has no outcomes");
            }
            clusters.add(c);
        });
        return ofClusters(clusters);
    }

    /** The win rate of outcomes given as one array per prompt. */
    public static WinRate ofClusters(List<double[]> outcomesPerPrompt) {
        int prompts = outcomesPerPrompt.size();
        if (prompts == 0) {
            throw new IllegalArgumentException("a win rate needs at least one comparison");
        }
        double[] promptMeans = new double[prompts];
        int comparisons = 0;
        for (int p = 0; p < prompts; p++) {
            double[] outcomes = outcomesPerPrompt.get(p);
            if (outcomes.length == 0) {
                throw new IllegalArgumentException("prompt " + p + " has no outcomes");
            }
            double sum = 0;
            for (double o : outcomes) {
                if (!(o >= 0 && o <= 1)) {
                    throw new IllegalArgumentException("an outcome is 1 (model preferred), 0 (baseline preferred) or 0.5 (tie), not " + o);
                }
                sum += o;
            }
            promptMeans[p] = sum / outcomes.length;
            comparisons += outcomes.length;
        }
        double rate = Moments.mean(promptMeans);
        Interval ci = prompts < 2
                ? new Interval(0, 1) // no spread between prompts can be estimated from one prompt
                : Interval.around(rate, Interval.Z95 * Moments.sampleSd(promptMeans, rate) / Math.sqrt(prompts), 0, 1);
        return new WinRate(rate, ci, comparisons, prompts);
    }

    /**
     * Collects outcomes one comparison at a time, in whatever order the judges deliver them.
     * Not thread-safe.
     */
    public static final class Tally {
        private final Map<String, List<Double>> outcomesByPrompt = new LinkedHashMap<>();

        /** Records one judge's verdict on one prompt: 1 model preferred, 0 baseline preferred, 0.5 tie. */
        public Tally add(String promptId, double outcome) {
            outcomesByPrompt.computeIfAbsent(promptId, k -> new ArrayList<>()).add(outcome);
            return this;
        }

        public int comparisons() {
            return outcomesByPrompt.values().stream().mapToInt(List::size).sum();
        }

        public WinRate winRate() {
            return WinRate.of(outcomesByPrompt);
        }
    }
}
