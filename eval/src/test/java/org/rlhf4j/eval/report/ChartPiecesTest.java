package org.rlhf4j.eval.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChartPiecesTest {

    @Test
    void ticksFallOnRoundValues() {
        // 0.37 / 4 = 0.0925 rounds up to a step of 0.1
        assertTicks(List.of(0.0, 0.1, 0.2, 0.3, 0.4), Ticks.covering(0, 0.37, 4));
        // 1.72 / 4 = 0.43 rounds up to 0.5
        assertTicks(List.of(-0.5, 0.0, 0.5, 1.0, 1.5), Ticks.covering(-0.42, 1.3, 4));
        // 63 / 5 = 12.6 rounds up to 20
        assertTicks(List.of(0.0, 20.0, 40.0, 60.0, 80.0), Ticks.covering(1, 64, 5));
        assertEquals(1, Ticks.decimals(Ticks.covering(0, 0.37, 4)));
        assertEquals(0, Ticks.decimals(Ticks.covering(1, 64, 5)));
    }

    private static void assertTicks(List<Double> expected, List<Double> actual) {
        assertEquals(expected.size(), actual.size(), actual.toString());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i), actual.get(i), 1e-12, actual.toString());
        }
    }

    @Test
    void aFlatSeriesStillGetsAnAxis() {
        List<Double> ticks = Ticks.covering(2, 2, 4);
        assertEquals(true, ticks.getFirst() < 2 && ticks.getLast() > 2, ticks.toString());
    }

    @Test
    void markdownFencesOutgrowTheBackticksInside() {
        assertEquals("```text\nplain\n```\n", MarkdownReport.fenced("plain"));
        assertEquals("````text\nuse ``` here\n````\n", MarkdownReport.fenced("use ``` here"));
    }

    @Test
    void parameterCountsAndDurationsReadShort() {
        assertEquals("124M", Format.parameters(124_439_808));
        assertEquals("29.4M", Format.parameters(29_364_224));
        assertEquals("1.3B", Format.parameters(1_300_000_000L));
        assertEquals("-", Format.parameters(0));
        assertEquals("42.0 s", Format.duration(42));
        assertEquals("23 min 08 s", Format.duration(1388));
        assertEquals("1 h 02 min", Format.duration(3725));
    }
}
