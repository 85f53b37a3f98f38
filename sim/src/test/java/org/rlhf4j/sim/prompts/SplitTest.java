package org.rlhf4j.sim.prompts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SplitTest {
    @Test
    void itemsSpreadEightyTenTen() {
        Map<Split, Integer> counts = new EnumMap<>(Split.class);
        for (int i = 0; i < 100_000; i++) {
            counts.merge(Split.of("word:w" + i), 1, Integer::sum);
        }
        assertEquals(80_000, counts.get(Split.TRAIN), 1_000);
        assertEquals(10_000, counts.get(Split.VALIDATION), 600);
        assertEquals(10_000, counts.get(Split.TEST), 600);
    }

    @Test
    void anItemsSplitIsPinned() {
        // a fixed hash, not the seed: an item moving between releases would leak held-out data into training
        assertEquals(Split.TRAIN, Split.of("place:Austria"));
        assertEquals(Split.TRAIN, Split.of("word:house"));
        assertEquals(Split.VALIDATION, Split.of("word:water"));
        assertEquals(Split.TEST, Split.of("word:queen"));
        assertEquals(Split.VALIDATION, Split.of("sentence:Was Emma there?"));
        assertEquals(Split.VALIDATION, Split.fromName("validation"));
    }
}
