package org.rlhf4j.eval.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** t intervals worked out by hand. */
class MeanWithIntervalTest {

    @Test
    void fiveLikertScores() {
        // mean 5; squared deviations 1 + 0 + 1 + 4 + 4 = 10; sd = sqrt(10 / 4) = 1.5811388;
        // t(0.975, 4) = 2.7764; half = 2.7764 · 1.5811388 / sqrt(5) = 1.9632113
        MeanWithInterval m = MeanWithInterval.of(new double[] {4, 5, 6, 7, 3}, 1, 7);
        assertEquals(5.0, m.mean(), 1e-12);
        assertEquals(5 - 1.9632113, m.ci().lo(), 1e-6);
        assertEquals(5 + 1.9632113, m.ci().hi(), 1e-6);
        assertEquals(5, m.n());
    }

    @Test
    void theIntervalStaysOnTheLikertScale() {
        // mean 6.5, sd = sqrt(2 · 0.25 / 1) = 0.7071068; t(0.975, 1) = 12.7062: half 6.35, clipped to [1, 7]
        MeanWithInterval m = MeanWithInterval.of(new double[] {6, 7}, 1, 7);
        assertEquals(6.5, m.mean(), 1e-12);
        assertEquals(new Interval(1, 7), m.ci());
    }

    @Test
    void scoresOfOnePromptAreAveragedFirst() {
        Map<String, List<Double>> scores = new LinkedHashMap<>();
        scores.put("a", List.of(6.0, 6.0, 6.0, 6.0)); // prompt mean 6
        scores.put("b", List.of(4.0)); // 4
        scores.put("c", List.of(5.0, 5.0)); // 5
        // prompt means 6, 4, 5: mean 5, sd 1, t(0.975, 2) = 4.3027: half = 4.3027 / sqrt(3) = 2.4841650
        MeanWithInterval m = MeanWithInterval.ofClusters(scores, 1, 7);
        assertEquals(5.0, m.mean(), 1e-12);
        assertEquals(5 - 2.4841650, m.ci().lo(), 1e-6);
        assertEquals(3, m.n());
    }

    @Test
    void beyondTheTableTheExpansionAgreesWithPublishedQuantiles() {
        assertEquals(2.0423, MeanWithInterval.t975(30), 1e-9);
        assertEquals(2.0395, MeanWithInterval.t975(31), 1e-4);
        assertEquals(2.0211, MeanWithInterval.t975(40), 1e-4);
        assertEquals(2.0003, MeanWithInterval.t975(60), 1e-4);
        assertEquals(1.9840, MeanWithInterval.t975(100), 1e-4);
        assertEquals(1.9600, MeanWithInterval.t975(100_000), 1e-4);
    }
}
