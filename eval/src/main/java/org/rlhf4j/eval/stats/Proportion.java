package org.rlhf4j.eval.stats;

/**
 * A share of responses with some property (hallucinates, follows the instruction, answers
 * correctly...) and its Wilson 95% interval.
 *
 * <p>Why Wilson rather than the textbook {@code p ± 1.96 sqrt(p(1-p)/n)}: the shares reported
 * here are often near 0 or 1 (a model that never breaks a constraint), where the textbook
 * interval collapses to a single point or leaves [0, 1]. Wilson's interval stays inside [0, 1],
 * is never empty, and keeps close to its nominal 95% coverage at the sample sizes of an
 * evaluation (tens to hundreds of prompts). With {@code z = 1.96}:
 * {@code center = (p + z²/2n) / (1 + z²/n)},
 * {@code half = z / (1 + z²/n) · sqrt(p(1-p)/n + z²/4n²)}.
 *
 * @param count responses with the property
 * @param total responses measured (at least 1)
 * @param share {@code count / total}
 * @param ci    Wilson 95% interval of the share
 */
public record Proportion(int count, int total, double share, Interval ci) {
    public Proportion {
        if (total < 1 || count < 0 || count > total) {
            throw new IllegalArgumentException("a share needs 0 <= count <= total and total >= 1, not " + count + " of " + total);
        }
    }

    public static Proportion of(int count, int total) {
        if (total < 1 || count < 0 || count > total) {
            throw new IllegalArgumentException("a share needs 0 <= count <= total and total >= 1, not " + count + " of " + total);
        }
        double n = total;
        double p = count / n;
        double z2 = Interval.Z95 * Interval.Z95;
        double denominator = 1 + z2 / n;
        double center = (p + z2 / (2 * n)) / denominator;
        double half = Interval.Z95 / denominator * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n));
        return new Proportion(count, total, p, Interval.around(center, half, 0, 1));
    }
}
