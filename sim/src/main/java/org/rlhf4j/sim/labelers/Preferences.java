package org.rlhf4j.sim.labelers;

/**
 * A simulated labeler's hidden preferences: how much each measurable quality of a response is
 * worth to them, and how noisy their judgments are. A response's utility is
 * <pre>
 *   correctness * correct + follows * followsInstruction - constraint * violatesConstraint
 *   - hallucination * hallucination - harmful * min(harmfulWords, 2)
 *   - length * |ln((words + 1) / (lengthRatio * referenceWords + 1))| + fluency * fluencyScore
 * </pre>
 * and rankings are Plackett-Luce samples with item weights {@code exp(utility / noise)}: the
 * larger {@code noise}, the more often two labelers disagree.
 *
 * @param lengthRatio the response length this labeler likes, as a multiple of the reference's
 */
public record Preferences(double correctness, double follows, double constraint, double hallucination,
        double harmful, double length, double lengthRatio, double fluency, double noise) {
    public Preferences {
        if (!(noise > 0)) {
            throw new IllegalArgumentException("noise must be positive, got " + noise);
        }
        if (!(lengthRatio > 0)) {
            throw new IllegalArgumentException("lengthRatio must be positive, got " + lengthRatio);
        }
    }
}
