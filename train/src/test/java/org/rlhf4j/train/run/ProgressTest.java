package org.rlhf4j.train.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressTest {
    private long now;

    /** A first step slowed by JIT warm-up (60 s) must not make the estimate 60 s a step. */
    @Test
    void theEtaIsMeasuredAfterTheFirstStep() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Progress p = new Progress(new PrintStream(bytes, true), "sft", 100, false, () -> now);
        now = 60_000_000_000L;
        p.update(1, "loss 2.0", false);
        assertEquals("", bytes.toString(), "a log's first line waits until a rate can be measured");
        now += 11_000_000_000L; // ten more steps at 1.1 s
        p.update(11, "loss 1.9", false);
        List<String> lines = bytes.toString().lines().toList();
        assertEquals(1, lines.size(), bytes.toString());
        assertTrue(lines.getFirst().endsWith("11/100 loss 1.9 ETA 1m38s"), lines.getFirst()); // 89 steps x 1.1 s
    }

    @Test
    void aTerminalShowsTheFirstStepWithoutAnEstimate() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Progress p = new Progress(new PrintStream(bytes, true), "rm", 10, true, () -> now);
        now = 5_000_000_000L;
        p.update(1, "loss 0.7", false);
        assertTrue(bytes.toString().contains("1/10 loss 0.7 ETA --"), bytes.toString());
    }
}
