package org.rlhf4j.tensor.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.rlhf4j.tensor.GradCheck;
import org.rlhf4j.tensor.Rng;
import org.rlhf4j.tensor.Tensor;

class RotaryTest {
    @Test
    void inverseFrequencies() {
        double[] inv = Rotary.inverseFrequencies(4, 10000);
        assertArrayEquals(new double[] {1.0, 0.01}, inv, 1e-15);
        assertEquals(Math.pow(500000, -2.0 / 8), Rotary.inverseFrequencies(8, 500000)[1], 1e-15);
    }

    @Test
    void rotatesHalvesByHand() {
        // headDim 4: element 0 pairs with 2 (angle pos * 1), element 1 with 3 (angle pos * 0.01)
        Rotary.Tables tables = Rotary.tables(Rotary.inverseFrequencies(4, 10000), 8);
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4}, 1, 1, 4);
        float[] y = Rotary.apply(x, 1, 4, new int[] {3}, tables).data();
        double c0 = Math.cos(3);
        double s0 = Math.sin(3);
        double c1 = Math.cos(0.03);
        double s1 = Math.sin(0.03);
        assertEquals(1 * c0 - 3 * s0, y[0], 1e-6);
        assertEquals(2 * c1 - 4 * s1, y[1], 1e-6);
        assertEquals(3 * c0 + 1 * s0, y[2], 1e-6);
        assertEquals(4 * c1 + 2 * s1, y[3], 1e-6);
    }

    @Test
    void positionZeroIsIdentity() {
        int headDim = 40; // half = 20: a vector of lanes and a tail
        Rotary.Tables tables = Rotary.tables(Rotary.inverseFrequencies(headDim, 10000), 4);
        Tensor x = new Rng(3).normal(0, 1, 2, 3, 2 * headDim);
        float[] y = Rotary.apply(x, 2, headDim, new int[6], tables).data();
        assertArrayEquals(x.data(), y);
    }

    @Test
    void eachRowUsesItsOwnPositionAndHeadsAreIndependent() {
        int headDim = 40;
        Rotary.Tables tables = Rotary.tables(Rotary.inverseFrequencies(headDim, 10000), 16);
        Tensor x = new Rng(4).normal(0, 1, 2, 2, 3 * headDim);
        int[] positions = {0, 5, 2, 11}; // e.g. a left-padded second sequence
        float[] y = Rotary.apply(x, 3, headDim, positions, tables).data();
        int half = headDim / 2;
        for (int r = 0; r < 4; r++) {
            for (int h = 0; h < 3; h++) {
                for (int i = 0; i < half; i++) {
                    int a = r * 3 * headDim + h * headDim + i;
                    double angle = positions[r] * Math.pow(10000, -2.0 * i / headDim);
                    double x1 = x.data()[a];
                    double x2 = x.data()[a + half];
                    assertEquals(x1 * Math.cos(angle) - x2 * Math.sin(angle), y[a], 1e-5);
                    assertEquals(x2 * Math.cos(angle) + x1 * Math.sin(angle), y[a + half], 1e-5);
                }
            }
        }
    }

    @Test
    void gradient() {
        int headDim = 40;
        Rotary.Tables tables = Rotary.tables(Rotary.inverseFrequencies(headDim, 10000), 16);
        Tensor x = new Rng(5).normal(0, 1, 2, 2, 2 * headDim).requiresGrad(true);
        int[] positions = {1, 7, 0, 15};
        GradCheck.check("rotary", in -> Rotary.apply(in[0], 2, headDim, positions, tables), x);
    }

    @Test
    void rejectsBadArguments() {
        Rotary.Tables tables = Rotary.tables(Rotary.inverseFrequencies(4, 10000), 8);
        Tensor x = Tensor.zeros(1, 2, 8);
        assertThrows(IllegalArgumentException.class, () -> Rotary.apply(x, 2, 4, new int[] {0}, tables));
        assertThrows(IllegalArgumentException.class, () -> Rotary.apply(x, 2, 4, new int[] {0, 8}, tables));
        assertThrows(IllegalArgumentException.class, () -> Rotary.apply(x, 1, 8, new int[] {0, 1}, tables));
        assertThrows(IllegalArgumentException.class, () -> Rotary.inverseFrequencies(5, 10000));
    }
}
