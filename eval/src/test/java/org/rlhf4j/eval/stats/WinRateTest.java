package org.rlhf4j.eval.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every figure below is worked out by hand in the comments (z = 1.959964). */
class WinRateTest {

    @Test
    void theIntervalIsTakenOverPromptMeansNotOverComparisons() {
        Map<String, List<Double>> outcomes = new LinkedHashMap<>();
        outcomes.put("a", List.of(1.0, 1.0, 0.0)); // mean 2/3
        outcomes.put("b", List.of(0.5, 0.5, 0.5)); // three ties: 1/2
        outcomes.put("c", List.of(1.0, 1.0, 1.0)); // 1
        outcomes.put("d", List.of(0.0, 0.0, 1.0)); // 1/3
        WinRate w = WinRate.of(outcomes);
        // rate = (2/3 + 1/2 + 1 + 1/3) / 4 = 0.625
        // deviations 1/24, -1/8, 3/8, -7/24; squares (1 + 9 + 81 + 49) / 576 = 35/144;
        // sd = sqrt(35/144 / 3) = sqrt(35/432) = 0.2846375; half = 1.959964 * 0.2846375 / sqrt(4) = 0.2789396
        assertEquals(0.625, w.rate(), 1e-12);
        assertEquals(0.625 - 0.2789396, w.ci().lo(), 1e-6);
        assertEquals(0.625 + 0.2789396, w.ci().hi(), 1e-6);
        assertEquals(12, w.comparisons());
        assertEquals(4, w.prompts());
        // Treating the 12 verdicts as independent would give sd 0.4523 / sqrt(12): half 0.256, narrower.
        assertTrue(w.ci().width() > 2 * 0.256);
    }

    @Test
    void theIntervalIsClippedToZeroAndOne() {
        // prompt means 1, 1, 1/2: rate 5/6; sd = sqrt(((1/6)² + (1/6)² + (1/3)²) / 2) = sqrt(1/12) = 0.2886751;
        // half = 1.959964 * 0.2886751 / sqrt(3) = 0.3266607; 5/6 + 0.327 = 1.16 is clipped to 1
        WinRate w = WinRate.ofClusters(List.of(new double[] {1, 1}, new double[] {1}, new double[] {0, 1}));
        assertEquals(5.0 / 6, w.rate(), 1e-12);
        assertEquals(5.0 / 6 - 0.3266607, w.ci().lo(), 1e-6);
        assertEquals(1.0, w.ci().hi());
    }

    @Test
    void everyPromptWeighsTheSameWhateverItsNumberOfJudges() {
        // prompt means 1 (one judge) and 0 (three judges): rate 1/2, not the pooled 1/4
        WinRate w = WinRate.ofClusters(List.of(new double[] {1}, new double[] {0, 0, 0}));
        assertEquals(0.5, w.rate(), 1e-12);
        assertEquals(4, w.comparisons());
    }

    @Test
    void aModelAgainstItselfTiesAtOneHalfInsideTheInterval() {
        WinRate.Tally tally = new WinRate.Tally();
        for (int prompt = 0; prompt < 50; prompt++) {
            for (int judge = 0; judge < 5; judge++) {
                tally.add("p" + prompt, 0.5);
            }
        }
        WinRate w = tally.winRate();
        assertEquals(0.5, w.rate(), 1e-12);
        assertTrue(w.ci().contains(0.5), w.ci().toString());
        assertEquals(250, w.comparisons());
        assertEquals(50, w.prompts());
    }

    @Test
    void theTallyGroupsVerdictsByPromptInWhateverOrderTheyArrive() {
        WinRate.Tally tally = new WinRate.Tally().add("x", 1).add("y", 0).add("x", 0).add("y", 0);
        // prompt means 1/2 and 0: rate 1/4; sd = sqrt(2 · (1/4)² / 1) = 0.3535534;
        // half = 1.959964 · 0.3535534 / sqrt(2) = 0.4899910; [0.25 - 0.49, 0.25 + 0.49] clipped below at 0
        WinRate w = tally.winRate();
        assertEquals(0.25, w.rate(), 1e-12);
        assertEquals(0.0, w.ci().lo());
        assertEquals(0.25 + 0.4899910, w.ci().hi(), 1e-6);
    }

    @Test
    void onePromptSaysNothingAboutTheSpreadBetweenPrompts() {
        WinRate w = WinRate.ofClusters(List.<double[]>of(new double[] {1, 1, 1, 0}));
        assertEquals(0.75, w.rate(), 1e-12);
        assertEquals(new Interval(0, 1), w.ci());
    }

    @Test
    void outcomesOutsideZeroOneAndEmptyInputsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> WinRate.ofClusters(List.<double[]>of(new double[] {2})));
        assertThrows(IllegalArgumentException.class, () -> WinRate.ofClusters(List.<double[]>of(new double[] {Double.NaN})));
        assertThrows(IllegalArgumentException.class, () -> WinRate.ofClusters(List.of()));
        assertThrows(IllegalArgumentException.class, () -> WinRate.of(Map.of("a", List.of())));
    }
}
