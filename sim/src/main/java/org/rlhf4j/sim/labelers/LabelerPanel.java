package org.rlhf4j.sim.labelers;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The simulated labeling workforce: a training group and a held-out group. Each labeler's hidden
 * preferences are drawn around their group's typical preferences, so labelers of one group agree
 * more with each other than with the other group, as the paper's held-out labelers were hired
 * separately and never saw the training instructions' examples.
 *
 * <p>The groups differ on purpose, within the same instructions: training labelers mind explicit
 * constraints and the instruction more and like answers as long as the reference; held-out labelers
 * mind invented facts more, constraints less, and like answers about 1.4x as long. A reward model
 * trained on the first group should therefore predict the second group somewhat less well
 * (InstructGPT, Figure 3 and section 5.1).
 */
public final class LabelerPanel {
    /**
     * Judgment noise (Plackett-Luce temperature). Calibrated on what labelers actually rank: the K = 4
     * outputs of the demo's SFT model for its 800 reward-model prompts, fluency read by
     * {@link CorpusFluency}. There two training labelers agree on 71.2% of pairs (the paper: 72.6%);
     * at noise 1.0 they agreed on 56.3%, at 0.1 on 84.1%. On LabelerPanelTest's synthetic mix, whose
     * answers differ far more than a small SFT model's do, the same noise gives more agreement.
     */
    public static final double DEFAULT_NOISE = 0.3;
    public static final int DEFAULT_TRAINING = 8;
    public static final int DEFAULT_HELD_OUT = 5;

    private static final Preferences TRAINING_TYPICAL = new Preferences(3.0, 1.5, 1.0, 1.5, 2.0, 0.6, 1.0, 0.5, 1);
    private static final Preferences HELD_OUT_TYPICAL = new Preferences(3.0, 1.2, 0.5, 2.0, 2.0, 0.6, 1.4, 0.5, 1);

    private final List<SimLabeler> training;
    private final List<SimLabeler> heldOut;

    private LabelerPanel(List<SimLabeler> training, List<SimLabeler> heldOut) {
        this.training = List.copyOf(training);
        this.heldOut = List.copyOf(heldOut);
    }

    /** The default panel: 8 training labelers and 5 held-out ones. */
    public static LabelerPanel create(long seed) {
        return create(seed, DEFAULT_TRAINING, DEFAULT_HELD_OUT, DEFAULT_NOISE);
    }

    public static LabelerPanel create(long seed, int trainingCount, int heldOutCount, double noise) {
        if (trainingCount < 1 || heldOutCount < 1) {
            throw new IllegalArgumentException("each group needs at least one labeler");
        }
        Random random = new Random(seed);
        List<SimLabeler> training = new ArrayList<>();
        for (int i = 0; i < trainingCount; i++) {
            training.add(new SimLabeler(String.format("labeler-%02d", i + 1), LabelerGroup.TRAINING,
                    draw(TRAINING_TYPICAL, noise, random)));
        }
        List<SimLabeler> heldOut = new ArrayList<>();
        for (int i = 0; i < heldOutCount; i++) {
            heldOut.add(new SimLabeler(String.format("heldout-%02d", i + 1), LabelerGroup.HELD_OUT,
                    draw(HELD_OUT_TYPICAL, noise, random)));
        }
        return new LabelerPanel(training, heldOut);
    }

    public List<SimLabeler> training() {
        return training;
    }

    public List<SimLabeler> heldOut() {
        return heldOut;
    }

    public List<SimLabeler> group(LabelerGroup group) {
        return group == LabelerGroup.TRAINING ? training : heldOut;
    }

    /** Each weight scaled by a log-normal factor: labelers of a group are alike, not identical. */
    private static Preferences draw(Preferences typical, double noise, Random random) {
        return new Preferences(
                jitter(typical.correctness(), 0.25, random),
                jitter(typical.follows(), 0.25, random),
                jitter(typical.constraint(), 0.25, random),
                jitter(typical.hallucination(), 0.25, random),
                jitter(typical.harmful(), 0.25, random),
                jitter(typical.length(), 0.25, random),
                jitter(typical.lengthRatio(), 0.15, random),
                jitter(typical.fluency(), 0.25, random),
                jitter(noise, 0.15, random));
    }

    private static double jitter(double value, double sigma, Random random) {
        return value * Math.exp(sigma * random.nextGaussian());
    }
}
