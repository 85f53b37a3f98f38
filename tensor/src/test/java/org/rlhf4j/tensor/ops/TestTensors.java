package org.rlhf4j.tensor.ops;

import org.rlhf4j.tensor.Rng;
import org.rlhf4j.tensor.Tensor;

/** Small random inputs for the op tests. */
final class TestTensors {
    private TestTensors() {}

    /** A parameter (requires gradients) with values uniform in [lo, hi), fixed by seed. */
    static Tensor param(String name, long seed, float lo, float hi, int... shape) {
        return Tensor.parameter(name, new Rng(seed).uniform(lo, hi, shape).data(), shape);
    }

    /** A constant (no gradient) with values uniform in [lo, hi), fixed by seed. */
    static Tensor constant(long seed, float lo, float hi, int... shape) {
        return new Rng(seed).uniform(lo, hi, shape);
    }

    /** An upstream gradient of ones for a tensor of this size. */
    static float[] ones(int n) {
        float[] a = new float[n];
        java.util.Arrays.fill(a, 1f);
        return a;
    }
}
