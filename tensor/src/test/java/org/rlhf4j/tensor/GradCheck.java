package org.rlhf4j.tensor;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Checks an op's analytic gradient against central finite differences.
 *
 * <p>The op's output is contracted with fixed random weights w, L = sum(w * f(x)), so every
 * output element matters. The analytic gradient comes from one backward pass seeded with w;
 * the numeric one from (L(x + eps) - L(x - eps)) / 2eps, with L accumulated in double from
 * the float forward passes. Only inputs with {@code requiresGrad()} are checked.
 */
public final class GradCheck {
    private GradCheck() {}

    /** The function under test. */
    @FunctionalInterface
    public interface Fn {
        Tensor apply(Tensor[] inputs);
    }

    public static final double DEFAULT_EPS = 1e-2;
    public static final double DEFAULT_RTOL = 2e-2;
    public static final double DEFAULT_ATOL = 2e-3;

    public static void check(String name, Fn f, Tensor... inputs) {
        check(name, f, DEFAULT_EPS, DEFAULT_RTOL, DEFAULT_ATOL, inputs);
    }

    public static void check(String name, Fn f, double eps, double rtol, double atol, Tensor... inputs) {
        for (Tensor t : inputs) {
            t.clearGrad();
        }
        Autograd.clearTape();
        Tensor out = f.apply(inputs);
        float[] w = new Rng(1234).uniform(-1f, 1f, out.size()).data();
        Autograd.backward(out, w);
        for (int which = 0; which < inputs.length; which++) {
            Tensor x = inputs[which];
            if (!x.requiresGrad()) {
                continue;
            }
            float[] analytic = x.grad() == null ? new float[x.size()] : x.grad().clone();
            float[] d = x.data();
            for (int j = 0; j < x.size(); j++) {
                float saved = d[j];
                d[j] = (float) (saved + eps);
                double plus = contract(f, inputs, w);
                d[j] = (float) (saved - eps);
                double minus = contract(f, inputs, w);
                d[j] = saved;
                double numeric = (plus - minus) / (2 * eps);
                double diff = Math.abs(numeric - analytic[j]);
                if (diff > atol + rtol * Math.max(Math.abs(numeric), Math.abs(analytic[j]))) {
                    fail(String.format("%s: gradient of input %d element %d: analytic %.6g, numeric %.6g",
                            name, which, j, analytic[j], numeric));
                }
            }
        }
    }

    private static double contract(Fn f, Tensor[] inputs, float[] w) {
        try (var ignored = Autograd.noGrad()) {
            float[] y = f.apply(inputs).data();
            double s = 0;
            for (int i = 0; i < y.length; i++) {
                s += (double) w[i] * y[i];
            }
            return s;
        }
    }
}
