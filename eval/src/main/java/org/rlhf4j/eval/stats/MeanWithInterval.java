package org.rlhf4j.eval.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A mean (the 1-7 Likert score of the paper) and its 95% interval from Student's t.
 *
 * <p>Why t rather than the normal approximation: a Likert mean is often taken over a few dozen
 * prompts, where 1.96 understates the interval (t with 9 degrees of freedom is 2.26); t is
 * exact for normal data and converges to the normal interval as n grows, so it costs nothing
 * at large n. Likert scores are bounded, so the interval is clipped to the scale when given one.
 *
 * <p>As with {@link WinRate}, several judges scoring the same output are not independent:
 * {@link #ofClusters} averages each prompt's scores first and takes the interval over prompts.
 *
 * @param mean the mean (of the prompt means, for {@link #ofClusters})
 * @param ci   95% interval: {@code mean ± t(0.975, n-1) · sd / sqrt(n)} clipped to the scale; the
 *             whole scale when n = 1
 * @param n    number of independent values the interval is built from (prompts for {@link #ofClusters})
 */
public record MeanWithInterval(double mean, Interval ci, int n) {

    /** Student's t quantiles t(0.975, df) for df = 1..30 (standard tables, 4 decimals). */
    private static final double[] T975 = {
        12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.3060, 2.2622, 2.2281,
        2.2010, 2.1788, 2.1604, 2.1448, 2.1314, 2.1199, 2.1098, 2.1009, 2.0930, 2.0860,
        2.0796, 2.0739, 2.0687, 2.0639, 2.0595, 2.0555, 2.0518, 2.0484, 2.0452, 2.0423};

    /** Mean and t interval of independent values on the scale {@code [min, max]} (1..7 for Likert scores). */
    public static MeanWithInterval of(double[] values, double min, double max) {
        if (values.length == 0) {
            throw new IllegalArgumentException("a mean needs at least one value");
        }
        double mean = Moments.mean(values);
        if (values.length == 1) {
            return new MeanWithInterval(mean, new Interval(min, max), 1);
        }
        double half = t975(values.length - 1) * Moments.sampleSd(values, mean) / Math.sqrt(values.length);
        return new MeanWithInterval(mean, Interval.around(mean, half, min, max), values.length);
    }

    /** Values grouped by prompt: each prompt's values are averaged, then the interval is taken over prompts. */
    public static MeanWithInterval ofClusters(Map<String, ? extends List<Double>> valuesByPrompt, double min, double max) {
        List<Double> promptMeans = new ArrayList<>();
        valuesByPrompt.forEach((prompt, values) -> {
            if (values.isEmpty()) {
                throw new IllegalArgumentException("prompt " + prompt + " has no values");
            }
            promptMeans.add(values.stream().mapToDouble(Double::doubleValue).average().orElseThrow());
        });
        return of(promptMeans.stream().mapToDouble(Double::doubleValue).toArray(), min, max);
    }

    /**
     * t(0.975, df): the table up to 30 degrees of freedom, beyond it the Cornish-Fisher expansion
     * of t around the normal quantile (three terms; error below 1e-5 from df = 30 on, where it
     * gives 2.04227 against the table's 2.0423).
     */
    static double t975(int df) {
        if (df < 1) {
            throw new IllegalArgumentException("degrees of freedom must be >= 1, not " + df);
        }
        if (df <= T975.length) {
            return T975[df - 1];
        }
        double z = Interval.Z95;
        double z3 = z * z * z;
        double z5 = z3 * z * z;
        double z7 = z5 * z * z;
        double v = df;
        return z + (z3 + z) / (4 * v) + (5 * z5 + 16 * z3 + 3 * z) / (96 * v * v)
                + (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * v * v * v);
    }
}
