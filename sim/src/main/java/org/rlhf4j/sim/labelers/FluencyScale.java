package org.rlhf4j.sim.labelers;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.rlhf4j.sim.prompts.SimPrompt;

/**
 * Turns a reader's raw figure (a mean log-probability per token or word) into a fluency score: the
 * reference answers of some prompts set the zero and, by their spread, the unit; scores are capped
 * to [-3, +1], so that fluency never makes up for being wrong and gibberish is not infinitely bad.
 */
final class FluencyScale {
    static final double LOWEST = -3.0;
    static final double HIGHEST = 1.0;

    private final double center;
    private final double scale;

    /** @param raw the reader's figure for a text; NaN for a text it cannot score (no words) */
    FluencyScale(List<SimPrompt> calibration, ToDoubleFunction<SimPrompt> raw) {
        List<Double> values = new ArrayList<>();
        for (SimPrompt p : calibration) {
            double v = raw.applyAsDouble(p);
            if (!Double.isNaN(v)) {
                values.add(v);
            }
        }
        if (values.size() < 2) {
            throw new IllegalArgumentException("fluency needs at least two reference answers to calibrate on");
        }
        double mean = values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double var = values.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum() / (values.size() - 1);
        this.center = mean;
        this.scale = Math.max(Math.sqrt(var), 0.1);
    }

    /** The score of a raw figure; the lowest for NaN. */
    double score(double raw) {
        return Double.isNaN(raw) ? LOWEST : Math.clamp((raw - center) / scale, LOWEST, HIGHEST);
    }
}
