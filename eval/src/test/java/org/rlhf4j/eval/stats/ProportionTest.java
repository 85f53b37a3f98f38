package org.rlhf4j.eval.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Wilson intervals worked out by hand (z = 1.959964, z² = 3.841459). */
class ProportionTest {

    @Test
    void eightOfTen() {
        // p = 0.8, n = 10: denominator 1 + 0.3841459 = 1.3841459
        // center = (0.8 + 0.1920729) / 1.3841459 = 0.7167402
        // half = 1.959964 / 1.3841459 · sqrt(0.16 / 10 + 3.841459 / 400) = 1.4160097 · 0.1600114 = 0.2265777
        Proportion p = Proportion.of(8, 10);
        assertEquals(0.8, p.share(), 1e-12);
        assertEquals(0.7167402 - 0.2265777, p.ci().lo(), 1e-6);
        assertEquals(0.7167402 + 0.2265777, p.ci().hi(), 1e-6);
        assertEquals(8, p.count());
        assertEquals(10, p.total());
    }

    @Test
    void noneOfTenStillHasAnUpperBound() {
        // p = 0: center = 0.1920729 / 1.3841459 = 0.1387664 = half, so [0, 0.2775328]
        Proportion p = Proportion.of(0, 10);
        assertEquals(0.0, p.share());
        assertEquals(0.0, p.ci().lo(), 1e-12);
        assertEquals(0.2775328, p.ci().hi(), 1e-6);
    }

    @Test
    void allOfTenMirrorsNoneOfTen() {
        Proportion p = Proportion.of(10, 10);
        assertEquals(1 - 0.2775328, p.ci().lo(), 1e-6);
        assertEquals(1.0, p.ci().hi(), 1e-12);
    }

    @Test
    void impossibleCountsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Proportion.of(0, 0));
        assertThrows(IllegalArgumentException.class, () -> Proportion.of(11, 10));
        assertThrows(IllegalArgumentException.class, () -> Proportion.of(-1, 10));
    }
}
