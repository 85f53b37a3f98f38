package org.rlhf4j.train.run;

import java.util.LinkedHashMap;
import java.util.Map;

/** Metric maps in the order they are written (so metrics.jsonl columns read the same every row). */
public final class Metrics {
    private Metrics() {}

    /** {@code of("val/loss", 1.2, "val/accuracy", 0.8)}. */
    public static Map<String, Double> of(Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("metric names and values must come in pairs");
        }
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], ((Number) keysAndValues[i + 1]).doubleValue());
        }
        return m;
    }
}
