package org.rlhf4j.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.rlhf4j.tensor.ops.Activations;
import org.rlhf4j.tensor.ops.Elementwise;
import org.rlhf4j.tensor.ops.Linear;
import org.rlhf4j.tensor.ops.Reductions;
import org.rlhf4j.tensor.optim.AdamW;
import org.rlhf4j.tensor.optim.GradClip;
import org.rlhf4j.tensor.optim.LrSchedule;

/** End to end through the engine: ops, autograd, AdamW and a schedule train real functions. */
class MlpLearnsTest {
    /** A 2-layer perceptron: x -> gelu(x W1^T + b1) W2^T + b2. */
    private record Mlp(Tensor w1, Tensor b1, Tensor w2, Tensor b2) {
        static Mlp init(int in, int hidden, int out, long seed) {
            Rng rng = new Rng(seed);
            return new Mlp(
                    Tensor.parameter("w1", rng.normal(0, (float) (1 / Math.sqrt(in)), hidden, in).data(), hidden, in),
                    Tensor.parameter("b1", new float[hidden], hidden),
                    Tensor.parameter("w2", rng.normal(0, (float) (1 / Math.sqrt(hidden)), out, hidden).data(), out, hidden),
                    Tensor.parameter("b2", new float[out], out));
        }

        Tensor forward(Tensor x) {
            return Linear.linear(Activations.gelu(Linear.linear(x, w1, b1)), w2, b2);
        }

        List<Tensor> params() {
            return List.of(w1, b1, w2, b2);
        }
    }

    private static Tensor mse(Tensor prediction, Tensor target) {
        Tensor diff = Elementwise.sub(prediction, target);
        return Reductions.mean(Elementwise.mul(diff, diff));
    }

    /** Trains and returns the loss of every step. */
    private static float[] train(Mlp mlp, Tensor x, Tensor y, int steps, double peakLr) {
        AdamW opt = new AdamW(mlp.params(), new AdamW.Config(0.9, 0.999, 1e-8, 0.0));
        LrSchedule schedule = LrSchedule.cosine(peakLr, 10, steps, 0.1);
        float[] losses = new float[steps];
        for (int s = 0; s < steps; s++) {
            opt.zeroGrad();
            Tensor loss = mse(mlp.forward(x), y);
            loss.backward();
            GradClip.clipGlobalNorm(mlp.params(), 5.0);
            opt.step(schedule.lr(s));
            losses[s] = loss.item();
        }
        return losses;
    }

    /**
     * XOR is not linearly separable: the best linear model (and the best constant) has MSE
     * 0.25 on it, so a loss under 0.01 needs the hidden layer to work.
     */
    @Test
    void learnsXor() {
        Tensor x = Tensor.of(new float[] {0, 0, 0, 1, 1, 0, 1, 1}, 4, 2);
        Tensor y = Tensor.of(new float[] {0, 1, 1, 0}, 4, 1);
        Mlp mlp = Mlp.init(2, 16, 1, 42);
        float[] losses = train(mlp, x, y, 600, 0.03);
        float last = losses[losses.length - 1];
        assertTrue(last < 0.01f, "XOR loss after training: " + last);
        try (var ignored = Autograd.noGrad()) {
            float[] out = mlp.forward(x).data();
            assertTrue(out[0] < 0.3 && out[1] > 0.7 && out[2] > 0.7 && out[3] < 0.3,
                    "XOR outputs " + java.util.Arrays.toString(out));
        }
    }

    /** y = sin(3x) on [-1, 1]: variance about 0.5, so MSE < 0.01 is 50x better than the mean. */
    @Test
    void fitsASmallRegressionReproducibly() {
        int n = 64;
        float[] xs = new float[n];
        float[] ys = new float[n];
        for (int i = 0; i < n; i++) {
            xs[i] = -1f + 2f * i / (n - 1);
            ys[i] = (float) Math.sin(3 * xs[i]);
        }
        Tensor x = Tensor.of(xs, n, 1);
        Tensor y = Tensor.of(ys, n, 1);
        float[] first = train(Mlp.init(1, 32, 1, 7), x, y, 800, 0.02);
        assertTrue(first[first.length - 1] < 0.01f, "regression loss: " + first[first.length - 1]);
        float[] second = train(Mlp.init(1, 32, 1, 7), x, y, 800, 0.02);
        assertArrayEquals(first, second, "same seed, same losses");
    }
}
