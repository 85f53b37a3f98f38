package org.rlhf4j.train.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class SplitsTest {

    private static final List<Integer> ITEMS = IntStream.range(0, 100).boxed().toList();

    @Test
    void deterministicSizedAndDisjoint() {
        Splits.Split<Integer> a = Splits.holdOut(ITEMS, 0.1, 42);
        assertEquals(a, Splits.holdOut(ITEMS, 0.1, 42));
        assertEquals(90, a.train().size());
        assertEquals(10, a.validation().size());
        List<Integer> all = new ArrayList<>(a.train());
        all.addAll(a.validation());
        all.sort(null);
        assertEquals(ITEMS, all);
        assertTrue(isSorted(a.train()) && isSorted(a.validation()), "parts keep the input order");
        assertNotEquals(a.validation(), Splits.holdOut(ITEMS, 0.1, 43).validation());
    }

    @Test
    void pinnedForThisSeed() {
        // Random's sequence is part of the Java spec: this split is the same on every JVM.
        Splits.Split<Integer> split = Splits.holdOut(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), 0.3, 7);
        assertEquals(List.of(0, 1, 9), split.validation());
        assertEquals(List.of(2, 3, 4, 5, 6, 7, 8), split.train());
    }

    @Test
    void edges() {
        assertEquals(0, Splits.holdOut(ITEMS, 0, 1).validation().size());
        assertEquals(1, Splits.holdOut(List.of(1, 2, 3), 0.01, 1).validation().size());
        assertEquals(2, Splits.holdOut(List.of(1, 2, 3), 0.99, 1).validation().size());
        assertEquals(0, Splits.holdOut(List.of(1), 0.5, 1).validation().size());
        assertEquals(0, Splits.holdOut(List.<Integer>of(), 0.5, 1).train().size());
        assertThrows(IllegalArgumentException.class, () -> Splits.holdOut(ITEMS, 1.0, 1));
        assertThrows(IllegalArgumentException.class, () -> Splits.holdOut(ITEMS, -0.1, 1));
        assertThrows(IllegalArgumentException.class, () -> Splits.holdOut(ITEMS, Double.NaN, 1));
    }

    private static boolean isSorted(List<Integer> xs) {
        for (int i = 1; i < xs.size(); i++) {
            if (xs.get(i - 1) > xs.get(i)) {
                return false;
            }
        }
        return true;
    }
}
