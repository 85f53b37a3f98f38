package org.rlhf4j.eval.stats;

/** Mean and sample standard deviation, the two moments the intervals are built from. */
final class Moments {
    private Moments() {}

    static double mean(double[] x) {
        double sum = 0;
        for (double v : x) {
            sum += v;
        }
        return sum / x.length;
    }

    /** The sample standard deviation (divisor n - 1) around a mean already computed. */
    static double sampleSd(double[] x, double mean) {
        double squares = 0;
        for (double v : x) {
            squares += (v - mean) * (v - mean);
        }
        return Math.sqrt(squares / (x.length - 1));
    }
}
