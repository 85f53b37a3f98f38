package org.rlhf4j.eval.judges;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.rlhf4j.sim.judge.Checker;
import org.rlhf4j.sim.judge.Measurement;
import org.rlhf4j.sim.labelers.Fluency;
import org.rlhf4j.sim.labelers.SimLabeler;
import org.rlhf4j.sim.prompts.SimPrompt;

/**
 * A group of simulated labelers judging models' outputs as the paper's labelers did: every judge
 * of the group compares the model's response with the baseline's for every prompt, and rates each
 * response 1-7. Seeded per (judge, prompt, model), so adding a model changes no other model's figures.
 */
public final class SimulatedJudges {
    private final List<SimLabeler> judges;
    private final Checker checker;
    private final Fluency fluency;
    private final long seed;

    public SimulatedJudges(List<SimLabeler> judges, Checker checker, Fluency fluency, long seed) {
        if (judges.isEmpty()) {
            throw new IllegalArgumentException("no judges");
        }
        this.judges = List.copyOf(judges);
        this.checker = checker;
        this.fluency = fluency;
        this.seed = seed;
    }

    public List<SimLabeler> judges() {
        return judges;
    }

    /**
     * Every judge's verdict per prompt: 1 = the model's response preferred, 0 = the baseline's,
     * 0.5 = a tie (identical texts).
     *
     * @return one array per prompt, one entry per judge
     */
    public List<double[]> versusBaseline(String model, List<SimPrompt> prompts, List<String> modelTexts,
            List<String> baselineTexts) {
        List<double[]> outcomes = new ArrayList<>();
        for (int p = 0; p < prompts.size(); p++) {
            SimPrompt prompt = prompts.get(p);
            String a = modelTexts.get(p);
            String b = baselineTexts.get(p);
            Measurement ma = checker.measure(prompt, a);
            Measurement mb = checker.measure(prompt, b);
            double fa = fluency.score(prompt.prompt(), a);
            double fb = fluency.score(prompt.prompt(), b);
            double[] verdicts = new double[judges.size()];
            for (int j = 0; j < judges.size(); j++) {
                SimLabeler judge = judges.get(j);
                verdicts[j] = judge.compare(prompt, a, ma, fa, b, mb, fb, random(judge, prompt, model, 1));
            }
            outcomes.add(verdicts);
        }
        return outcomes;
    }

    /** Every judge's Likert rating (1-7) of each response: one array per prompt, one entry per judge. */
    public List<double[]> likert(String model, List<SimPrompt> prompts, List<String> texts) {
        List<double[]> ratings = new ArrayList<>();
        for (int p = 0; p < prompts.size(); p++) {
            SimPrompt prompt = prompts.get(p);
            Measurement m = checker.measure(prompt, texts.get(p));
            double f = fluency.score(prompt.prompt(), texts.get(p));
            double[] r = new double[judges.size()];
            for (int j = 0; j < judges.size(); j++) {
                r[j] = judges.get(j).likert(prompt, m, f, random(judges.get(j), prompt, model, 2));
            }
            ratings.add(r);
        }
        return ratings;
    }

    private Random random(SimLabeler judge, SimPrompt prompt, String model, int purpose) {
        long h = seed;
        for (String s : new String[] {judge.name(), prompt.id(), model}) {
            h = h * 1_000_003L + s.hashCode();
        }
        return new Random(h * 31 + purpose);
    }
}
