package org.rlhf4j.train.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class BadRecordsTest {

    private static DatasetException problem(int line) {
        return new DatasetException(new Source(Path.of("data/x.jsonl"), line), "field \"text\" is missing");
    }

    @Test
    void failThrowsTheProblemItself() {
        BadRecords bad = BadRecords.failing();
        DatasetException p = problem(4);
        assertSame(p, assertThrows(DatasetException.class, () -> bad.reject(p)));
        assertEquals("data/x.jsonl:4: field \"text\" is missing", p.getMessage());
    }

    @Test
    void skipCountsAndKeepsTheFirstMessages() {
        BadRecords bad = BadRecords.skipping();
        for (int i = 1; i <= 120; i++) {
            bad.recordRead();
        }
        for (int line = 4; line < 11; line++) {
            bad.reject(problem(line));
        }
        assertEquals(7, bad.skipped());
        assertEquals(120, bad.records());
        assertEquals(BadRecords.KEPT_MESSAGES, bad.messages().size());
        assertEquals("data/x.jsonl:8: field \"text\" is missing", bad.messages().get(4));
        assertEquals("skipped 7 bad records of 120 (first: data/x.jsonl:4: field \"text\" is missing)", bad.summary());
    }

    @Test
    void summaryWithoutProblems() {
        BadRecords bad = BadRecords.skipping();
        bad.recordRead();
        assertEquals("skipped 0 bad records of 1", bad.summary());
        bad.reject(problem(1));
        assertEquals("skipped 1 bad record of 1 (first: data/x.jsonl:1: field \"text\" is missing)", bad.summary());
    }

    @Test
    void sourceFormat() {
        assertEquals("data/rm.jsonl:7", new Source(Path.of("data/rm.jsonl"), 7).toString());
        assertThrows(IllegalArgumentException.class, () -> new Source(Path.of("x"), 0));
    }
}
