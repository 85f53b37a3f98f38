package org.rlhf4j.tensor.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LrScheduleTest {
    @Test
    void constantWithWarmup() {
        LrSchedule s = LrSchedule.constantWithWarmup(0.1, 4);
        double[] expected = {0.0, 0.025, 0.05, 0.075, 0.1, 0.1};
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], s.lr(i), 1e-12, "step " + i);
        }
    }

    @Test
    void cosineDecaysToTheFloor() {
        LrSchedule s = LrSchedule.cosine(1.0, 2, 10, 0.1);
        long[] steps = {0, 1, 2, 4, 6, 10, 12};
        double[] expected = {0.0, 0.5, 1.0, 0.8681980515339464, 0.55, 0.1, 0.1};
        for (int i = 0; i < steps.length; i++) {
            assertEquals(expected[i], s.lr(steps[i]), 1e-12, "step " + steps[i]);
        }
    }

    @Test
    void linearDecaysToZero() {
        LrSchedule s = LrSchedule.linear(2.0, 0, 4);
        assertEquals(2.0, s.lr(0), 1e-12);
        assertEquals(1.0, s.lr(2), 1e-12);
        assertEquals(0.0, s.lr(4), 1e-12);
        assertEquals(0.0, s.lr(9), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> LrSchedule.linear(1, 5, 4));
    }
}
