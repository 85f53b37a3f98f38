package org.rlhf4j.eval.report;

import java.util.ArrayList;
import java.util.List;

/**
 * Axis ticks at round values (1, 2, 2.5 or 5 times a power of ten) covering a range, so that an
 * axis reads 0, 0.5, 1.0, 1.5 rather than 0, 0.4137, 0.8274.
 */
final class Ticks {
    private Ticks() {}

    /** About {@code count} round ticks from at or below {@code min} to at or above {@code max}. */
    static List<Double> covering(double min, double max, int count) {
        if (!(max > min)) { // one value, or none: open a unit range around it
            double centre = Double.isFinite(min) ? min : 0;
            double pad = centre == 0 ? 1 : Math.abs(centre) * 0.1;
            min = centre - pad;
            max = centre + pad;
        }
        double step = roundStep((max - min) / count);
        List<Double> ticks = new ArrayList<>();
        double first = Math.floor(min / step + 1e-9) * step;
        for (int i = 0; ; i++) {
            double t = first + i * step;
            ticks.add(Math.abs(t) < step * 1e-9 ? 0.0 : t); // no "-0"
            if (t >= max - step * 1e-9) {
                return ticks;
            }
        }
    }

    private static double roundStep(double raw) {
        double power = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 2.5, 5}) {
            if (m * power >= raw) {
                return m * power;
            }
        }
        return 10 * power;
    }

    /** The number of decimals that tells ticks {@code step} apart. */
    static int decimals(List<Double> ticks) {
        double step = ticks.size() > 1 ? ticks.get(1) - ticks.get(0) : 1;
        int d = 0;
        while (d < 6 && Math.abs(step * Math.pow(10, d) - Math.rint(step * Math.pow(10, d))) > 1e-6) {
            d++;
        }
        return d;
    }
}
