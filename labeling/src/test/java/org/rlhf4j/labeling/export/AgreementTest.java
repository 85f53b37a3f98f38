package org.rlhf4j.labeling.export;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Pairwise agreement counted by hand on small rankings. */
class AgreementTest {
    private static RankedTask ranking(long prompt, String labeler, List<List<Long>> groups) {
        return new RankedTask(0, prompt, "p" + prompt, labeler, List.of(1L, 2L, 3L), groups);
    }

    @Test
    void countsOrderedPairsAndLeavesTiesOut() {
        // alice: 1 > 2 > 3. bob: 2 > 1 > 3 -> pairs (1,2) disagree, (1,3) agree, (2,3) agree.
        // carol: {1,2} > 3 -> (1,2) tied: excluded against everyone; (1,3), (2,3) agree with both.
        List<RankedTask> r = List.of(
                ranking(1, "alice", List.of(List.of(1L), List.of(2L), List.of(3L))),
                ranking(1, "bob", List.of(List.of(2L), List.of(1L), List.of(3L))),
                ranking(1, "carol", List.of(List.of(1L, 2L), List.of(3L))),
                ranking(2, "alice", List.of(List.of(1L), List.of(2L), List.of(3L))));
        Agreement a = Agreement.of(r);
        assertEquals(1, a.overlappingPrompts(), "prompt 2 has one labeler");
        // alice~bob: 2 of 3; alice~carol: 2 of 2; bob~carol: 2 of 2 -> 6 of 7, 2 tie exclusions.
        assertEquals(7, a.compared());
        assertEquals(6, a.agreeing());
        assertEquals(2, a.tiesExcluded());
        assertEquals("85.7", a.percent());
        assertEquals(3, a.labelerPairs().size());
        Agreement.LabelerPair ab = a.labelerPairs().getFirst();
        assertEquals("alice", ab.a());
        assertEquals("bob", ab.b());
        assertEquals(2.0 / 3, ab.rate(), 1e-12);
    }

    @Test
    void noOverlapMeansNoFigure() {
        Agreement a = Agreement.of(List.of(ranking(1, "alice", List.of(List.of(1L, 2L, 3L)))));
        assertEquals(0, a.compared());
        assertEquals("n/a", a.percent());
    }
}
