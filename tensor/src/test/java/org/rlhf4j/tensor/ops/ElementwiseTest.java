package org.rlhf4j.tensor.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rlhf4j.tensor.ops.TestTensors.param;

import org.junit.jupiter.api.Test;
import org.rlhf4j.tensor.Autograd;
import org.rlhf4j.tensor.GradCheck;
import org.rlhf4j.tensor.Tensor;

class ElementwiseTest {
    private static Tensor a() {
        return param("a", 1, -2, 2, 3, 5);
    }

    private static Tensor b() {
        return param("b", 2, -2, 2, 3, 5);
    }

    private static Tensor positive(long seed) {
        return param("p", seed, 0.5f, 2f, 3, 5);
    }

    @Test
    void arithmeticGradients() {
        GradCheck.check("add", in -> Elementwise.add(in[0], in[1]), a(), b());
        GradCheck.check("sub", in -> Elementwise.sub(in[0], in[1]), a(), b());
        GradCheck.check("mul", in -> Elementwise.mul(in[0], in[1]), a(), b());
        GradCheck.check("div", in -> Elementwise.div(in[0], in[1]), a(), positive(3));
        GradCheck.check("addScalar", in -> Elementwise.addScalar(in[0], 3f), a());
        GradCheck.check("mulScalar", in -> Elementwise.mulScalar(in[0], -0.7f), a());
        GradCheck.check("neg", in -> Elementwise.neg(in[0]), a());
        GradCheck.check("addBias", in -> Elementwise.addBias(in[0], in[1]), param("x", 4, -1, 1, 2, 3, 5), param("bias", 5, -1, 1, 5));
    }

    @Test
    void transcendentalGradients() {
        GradCheck.check("exp", in -> Elementwise.exp(in[0]), a());
        GradCheck.check("log", in -> Elementwise.log(in[0]), positive(6));
        GradCheck.check("sigmoid", in -> Elementwise.sigmoid(in[0]), param("x", 7, -4, 4, 3, 5));
        GradCheck.check("logSigmoid", in -> Elementwise.logSigmoid(in[0]), param("x", 8, -6, 6, 3, 5));
    }

    @Test
    void minMaxClampGradientsAwayFromKinks() {
        Tensor x = a();
        // b = a plus an offset of 0.1 to 1 in either direction, so no pair is within eps of a tie
        float[] offsets = TestTensors.constant(9, 0.1f, 1f, 3, 5).data();
        float[] bd = new float[15];
        for (int i = 0; i < 15; i++) {
            bd[i] = x.data()[i] + (i % 2 == 0 ? offsets[i] : -offsets[i]);
        }
        Tensor y = Tensor.parameter("b", bd, 3, 5);
        GradCheck.check("min", in -> Elementwise.min(in[0], in[1]), x, y);
        GradCheck.check("max", in -> Elementwise.max(in[0], in[1]), x, y);
        Tensor c = Tensor.parameter("c", new float[] {-1.5f, -0.8f, -0.3f, 0f, 0.45f, 0.7f, 1.9f, 0.2f}, 2, 4);
        GradCheck.check("clamp", in -> Elementwise.clamp(in[0], -0.5f, 0.5f), c);
    }

    @Test
    void valuesAtHandComputedPoints() {
        Tensor x = Tensor.of(new float[] {0f, 2f, -100f, 100f, -1f}, 5);
        assertArrayEquals(new float[] {0.5f, 0.8807971f, 0f, 1f, 0.26894142f}, Elementwise.sigmoid(x).data(), 1e-7f);
        float[] ls = Elementwise.logSigmoid(x).data();
        assertEquals(-0.6931472f, ls[0], 1e-6f);
        assertEquals(-0.12692801f, ls[1], 1e-6f);
        assertEquals(-100f, ls[2], 1e-4f); // log(sigmoid(-100)) would be log(0) = -infinity in float
        assertTrue(ls[3] <= 0f && ls[3] > -1e-30f);
        assertEquals(-1.3132616f, ls[4], 1e-6f);
        float[] e = Elementwise.exp(x).data();
        assertEquals(1f, e[0], 0f);
        assertEquals(7.389056f, e[1], 1e-6f);
        assertEquals(Float.POSITIVE_INFINITY, e[3]);
        assertArrayEquals(new float[] {0f, 0.6931472f}, Elementwise.log(Tensor.of(new float[] {1f, 2f}, 2)).data(), 1e-7f);
        Tensor p = Tensor.of(new float[] {1, -2, 3}, 3);
        Tensor q = Tensor.of(new float[] {2, -4, 3}, 3);
        assertArrayEquals(new float[] {0.5f, 0.5f, 1f}, Elementwise.div(p, q).data());
        assertArrayEquals(new float[] {1, -4, 3}, Elementwise.min(p, q).data());
        assertArrayEquals(new float[] {2, -2, 3}, Elementwise.max(p, q).data());
        assertArrayEquals(new float[] {1, -1, 1}, Elementwise.clamp(p, -1, 1).data());
        assertArrayEquals(new float[] {11, 8, 13}, Elementwise.addScalar(p, 10).data());
        assertArrayEquals(new float[] {2, 7, 4, 9}, Elementwise.addBias(Tensor.of(new float[] {1, 2, 3, 4}, 2, 2), Tensor.of(new float[] {1, 5}, 2)).data());
    }

    @Test
    void logSigmoidGradientStaysFiniteInTheTails() {
        Tensor x = Tensor.parameter("x", new float[] {-1000f, 1000f, -30f}, 3);
        Autograd.backward(Elementwise.logSigmoid(x), new float[] {1, 1, 1});
        assertArrayEquals(new float[] {1f, 0f, 1f}, x.grad(), 1e-7f);
    }

    @Test
    void tiesSplitTheGradientAndClampBoundsPassIt() {
        Tensor p = Tensor.parameter("p", new float[] {1, 5, 3}, 3);
        Tensor q = Tensor.parameter("q", new float[] {1, 2, 4}, 3);
        Autograd.backward(Elementwise.max(p, q), new float[] {1, 1, 1});
        assertArrayEquals(new float[] {0.5f, 1, 0}, p.grad());
        assertArrayEquals(new float[] {0.5f, 0, 1}, q.grad());
        p.zeroGrad();
        q.zeroGrad();
        Autograd.backward(Elementwise.min(p, q), new float[] {1, 1, 1});
        assertArrayEquals(new float[] {0.5f, 0, 1}, p.grad());
        assertArrayEquals(new float[] {0.5f, 1, 0}, q.grad());
        Tensor x = Tensor.parameter("x", new float[] {-1, -0.5f, 0.5f, 1}, 4);
        Autograd.backward(Elementwise.clamp(x, -0.5f, 0.5f), new float[] {1, 1, 1, 1});
        assertArrayEquals(new float[] {0, 1, 1, 0}, x.grad());
    }

    @Test
    void onlyInputsThatRequireGradReceiveOne() {
        Tensor x = param("x", 10, -1, 1, 4);
        Tensor c = TestTensors.constant(11, -1, 1, 4);
        Autograd.backward(Elementwise.mul(x, c), TestTensors.ones(4));
        assertArrayEquals(c.data(), x.grad());
        assertEquals(null, c.grad());
    }

    @Test
    void shapeMismatchNamesTheOpAndShapes() {
        var e = assertThrows(IllegalArgumentException.class, () -> Elementwise.add(Tensor.zeros(2, 3), Tensor.zeros(3, 2)));
        assertTrue(e.getMessage().contains("add") && e.getMessage().contains("[2, 3]") && e.getMessage().contains("[3, 2]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Elementwise.addBias(Tensor.zeros(2, 3), Tensor.zeros(2)));
        assertTrue(e.getMessage().contains("addBias"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Elementwise.clamp(Tensor.zeros(1), 1, 0));
    }
}
