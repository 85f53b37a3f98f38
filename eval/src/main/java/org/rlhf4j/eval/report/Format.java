package org.rlhf4j.eval.report;

import java.util.Locale;
import org.rlhf4j.eval.stats.Interval;
import org.rlhf4j.eval.stats.MeanWithInterval;
import org.rlhf4j.eval.stats.Proportion;

/**
 * How figures read in every report: shares as percentages with one decimal, intervals in
 * brackets, absent figures as a dash. Locale.ROOT throughout, so a German machine still writes
 * {@code 62.5%}, not {@code 62,5%}.
 */
final class Format {
    static final String ABSENT = "-";

    private Format() {}

    /** {@code 0.625} as {@code 62.5%}. */
    static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * share);
    }

    /** {@code [0.55, 0.69]} as {@code [55.0, 69.0]} (percent points). */
    static String percentInterval(Interval ci) {
        return String.format(Locale.ROOT, "[%.1f, %.1f]", 100 * ci.lo(), 100 * ci.hi());
    }

    /** {@code 62.5% [55.0, 69.0]}. */
    static String percentWithInterval(double share, Interval ci) {
        return percent(share) + " " + percentInterval(ci);
    }

    static String proportion(Proportion p) {
        return p == null ? ABSENT : percentWithInterval(p.share(), p.ci());
    }

    /** A proportion as {@code 12.5%}, without its interval (for tight tables). */
    static String share(Proportion p) {
        return p == null ? ABSENT : percent(p.share());
    }

    /** A Likert mean as {@code 4.52 [4.31, 4.73]}. */
    static String mean(MeanWithInterval m) {
        return m == null ? ABSENT : String.format(Locale.ROOT, "%.2f [%.2f, %.2f]", m.mean(), m.ci().lo(), m.ci().hi());
    }

    static String decimal(Double x, int digits) {
        return x == null ? ABSENT : String.format(Locale.ROOT, "%." + digits + "f", x);
    }

    /** A change relative to a reference: {@code +3.1%}. */
    static String relativeChange(double value, double reference) {
        return String.format(Locale.ROOT, "%+.1f%%", 100 * (value / reference - 1));
    }

    /** {@code 1 model}, {@code 5 models}. */
    static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    /** A parameter count as {@code 124M}, {@code 1.3B}, {@code 850K}. */
    static String parameters(long n) {
        if (n <= 0) {
            return ABSENT;
        }
        if (n >= 1_000_000_000L) {
            return String.format(Locale.ROOT, "%.1fB", n / 1e9);
        }
        if (n >= 1_000_000L) {
            return String.format(Locale.ROOT, n >= 100_000_000L ? "%.0fM" : "%.1fM", n / 1e6);
        }
        if (n >= 1_000L) {
            return String.format(Locale.ROOT, "%.0fK", n / 1e3);
        }
        return Long.toString(n);
    }

    /** Seconds as {@code 42.0 s}, {@code 3 min 05 s}, {@code 1 h 02 min}. */
    static String duration(double seconds) {
        if (seconds < 60) {
            return String.format(Locale.ROOT, "%.1f s", seconds);
        }
        long s = Math.round(seconds);
        if (s < 3600) {
            return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%d h %02d min", s / 3600, s % 3600 / 60);
    }
}
