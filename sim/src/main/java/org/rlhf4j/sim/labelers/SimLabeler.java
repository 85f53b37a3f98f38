package org.rlhf4j.sim.labelers;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.rlhf4j.labeling.Flag;
import org.rlhf4j.sim.judge.Measurement;
import org.rlhf4j.sim.prompts.SimPrompt;

/**
 * One simulated labeler: hidden {@link Preferences} turn the measurable qualities of a response into
 * a utility; rankings, pairwise choices and Likert ratings are noisy functions of it. Randomness comes
 * from the caller's {@link Random}, so a seeded run repeats exactly.
 */
public final class SimLabeler {
    private final String name;
    private final LabelerGroup group;
    private final Preferences preferences;

    public SimLabeler(String name, LabelerGroup group, Preferences preferences) {
        this.name = name;
        this.group = group;
        this.preferences = preferences;
    }

    public String name() {
        return name;
    }

    public LabelerGroup group() {
        return group;
    }

    public Preferences preferences() {
        return preferences;
    }

    /** How much this labeler likes a response; higher is better. */
    public double utility(SimPrompt prompt, Measurement m, double fluency) {
        Preferences p = preferences;
        int referenceWords = Math.max(1, wordCount(prompt.reference()));
        double lengthGap = Math.abs(Math.log((m.words() + 1.0) / (p.lengthRatio() * referenceWords + 1.0)));
        return p.correctness() * m.correctness()
                + p.follows() * (m.followsInstruction() ? 1 : 0)
                - p.constraint() * (m.violatesConstraint() ? 1 : 0)
                - p.hallucination() * (m.hallucination() ? 1 : 0)
                - p.harmful() * Math.min(m.harmfulWords(), 2)
                - p.length() * lengthGap
                + p.fluency() * fluency;
    }

    /**
     * A ranking of responses, best first, sampled from the Plackett-Luce model with weights
     * {@code exp(utility / noise)}: adding independent Gumbel noise to {@code utility / noise} and
     * sorting gives exactly that distribution. Identical texts are tied (one group), as a person
     * would mark them.
     *
     * @return groups of indices into {@code responses}, best group first
     */
    public List<List<Integer>> rank(SimPrompt prompt, List<String> responses, List<Measurement> measurements,
            double[] fluency, Random random) {
        int k = responses.size();
        double[] key = new double[k];
        for (int i = 0; i < k; i++) {
            key[i] = utility(prompt, measurements.get(i), fluency[i]) / preferences.noise() + gumbel(random);
        }
        // Identical texts share the best key among them, so they sort next to each other.
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                if (responses.get(i).equals(responses.get(j))) {
                    key[i] = Math.max(key[i], key[j]);
                }
            }
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            order.add(i);
        }
        order.sort(Comparator.<Integer>comparingDouble(i -> -key[i]).thenComparing(i -> i));
        List<List<Integer>> groups = new ArrayList<>();
        for (int i : order) {
            List<Integer> last = groups.isEmpty() ? null : groups.getLast();
            if (last != null && responses.get(last.getFirst()).equals(responses.get(i))) {
                last.add(i);
            } else {
                groups.add(new ArrayList<>(List.of(i)));
            }
        }
        return groups;
    }

    /**
     * Which of two responses this labeler prefers: 1 for {@code a}, 0 for {@code b}, 0.5 for a tie
     * (identical texts). The Plackett-Luce model with K = 2, i.e. Bradley-Terry.
     */
    public double compare(SimPrompt prompt, String a, Measurement ma, double fa, String b, Measurement mb, double fb,
            Random random) {
        if (a.equals(b)) {
            return 0.5;
        }
        double gap = (utility(prompt, ma, fa) - utility(prompt, mb, fb)) / preferences.noise();
        double pA = 1 / (1 + Math.exp(-gap));
        return random.nextDouble() < pA ? 1 : 0;
    }

    /**
     * A Likert rating, 1 (bad) to 7 (great): the utility relative to what a perfect answer would get,
     * with the labeler's noise, mapped to seven steps.
     */
    public int likert(SimPrompt prompt, Measurement m, double fluency, Random random) {
        Preferences p = preferences;
        double best = p.correctness() + p.follows();
        double worst = -(p.constraint() + p.hallucination() + 2 * p.harmful()) - 2 * p.length();
        double u = utility(prompt, m, fluency) + 0.5 * p.noise() * random.nextGaussian();
        double share = Math.clamp((u - worst) / (best - worst), 0.0, 1.0);
        return 1 + (int) Math.round(6 * share * share);
    }

    /** The metadata boxes this labeler ticks for a response (the paper's Table 3 flags). */
    public Set<Flag> flags(Measurement m) {
        Set<Flag> flags = EnumSet.noneOf(Flag.class);
        if (!m.followsInstruction()) {
            flags.add(Flag.FAILS_INSTRUCTION);
        }
        if (m.hallucination()) {
            flags.add(Flag.HALLUCINATION);
        }
        if (m.harmfulWords() > 0) {
            flags.add(Flag.INAPPROPRIATE_FOR_CUSTOMER);
        }
        return flags;
    }

    /**
     * The share of the fact tables a labeler knows by heart. Like people, a simulated labeler does not
     * know every capital or atomic number: for a factual question outside what they know they write
     * {@link #UNSURE} rather than guess, as the labeling instructions ask (truthfulness first). This is
     * where an SFT model learns that "I'm not sure" is an answer at all.
     */
    public static final double KNOWS_FACTS = 0.8;
    /** What a labeler writes for a factual question they cannot answer. */
    public static final String UNSURE = "I'm not sure.";

    /** The demonstration this labeler writes for a prompt: the careful answer, or {@link #UNSURE} for a fact they do not know. */
    public String demonstrate(SimPrompt prompt) {
        if (prompt.factual() && !knows(prompt)) {
            return UNSURE;
        }
        return prompt.reference();
    }

    /** Whether this labeler knows the answer to a factual prompt: a fixed draw per (labeler, prompt). */
    public boolean knows(SimPrompt prompt) {
        long h = (name + "\u0000" + prompt.id()).hashCode() * 0x9E3779B97F4A7C15L;
        double u = ((h >>> 11) & ((1L << 53) - 1)) / (double) (1L << 53);
        return u < KNOWS_FACTS;
    }

    static int wordCount(String text) {
        String t = text.strip();
        return t.isEmpty() ? 0 : t.split("\\s+").length;
    }

    private static double gumbel(Random random) {
        // nextDouble() can return 0; keep the logarithm finite.
        double u = Math.max(random.nextDouble(), 1e-300);
        return -Math.log(-Math.log(u));
    }

    @Override
    public String toString() {
        return name + " (" + group.jsonName() + ")";
    }
}
