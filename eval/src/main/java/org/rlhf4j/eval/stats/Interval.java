package org.rlhf4j.eval.stats;

import com.fasterxml.jackson.annotation.JsonFormat;

/**
 * A 95% confidence interval {@code [lo, hi]}. Written to JSON as a two-element array
 * ({@code "win_rate_ci": [0.55, 0.69]}), the shape plotting code and readers of
 * {@code results.json} expect.
 */
@JsonFormat(shape = JsonFormat.Shape.ARRAY)
public record Interval(double lo, double hi) {
    /** The normal quantile of a two-sided 95% interval. */
    public static final double Z95 = 1.959963984540054;

    public Interval {
        if (Double.isNaN(lo) || Double.isNaN(hi) || lo > hi) {
            throw new IllegalArgumentException("not an interval: [" + lo + ", " + hi + "]");
        }
    }

    /** {@code center ± halfWidth}, clipped to {@code [min, max]} (a rate's interval stays within [0, 1]). */
    static Interval around(double center, double halfWidth, double min, double max) {
        return new Interval(Math.max(min, center - halfWidth), Math.min(max, center + halfWidth));
    }

    /** True when {@code x} lies in the interval, ends included. */
    public boolean contains(double x) {
        return lo <= x && x <= hi;
    }

    public double width() {
        return hi - lo;
    }
}
