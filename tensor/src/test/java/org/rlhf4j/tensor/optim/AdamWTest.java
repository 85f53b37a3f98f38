package org.rlhf4j.tensor.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rlhf4j.tensor.Rng;
import org.rlhf4j.tensor.Tensor;
import org.rlhf4j.tensor.io.SafetensorsException;

class AdamWTest {
    /** Expected values computed by hand (in double) from the AdamW update for three steps. */
    @Test
    void threeStepsMatchHandComputedValues() {
        Tensor p = Tensor.parameter("w", new float[] {1.0f, -2.0f}, 1, 2);
        AdamW opt = new AdamW(List.of(p), new AdamW.Config(0.9, 0.999, 1e-8, 0.01));
        float[][] grads = {{0.5f, -1.0f}, {0.1f, 0.3f}, {-0.2f, 0.0f}};
        double[][] expected = {
            {0.899000002, -1.898000001},
            {0.8177969063826517, -1.8533171424282264},
            {0.7825437349271063, -1.8183910057075732},
        };
        for (int t = 0; t < 3; t++) {
            System.arraycopy(grads[t], 0, p.gradBuffer(), 0, 2);
            opt.step(0.1);
            assertEquals(expected[t][0], p.data()[0], 1e-6, "step " + (t + 1));
            assertEquals(expected[t][1], p.data()[1], 1e-6, "step " + (t + 1));
        }
        assertEquals(3, opt.step());
    }

    @Test
    void vectorsDoNotDecayByDefault() {
        Tensor bias = Tensor.parameter("b", new float[] {1f}, 1);
        AdamW opt = new AdamW(List.of(bias), new AdamW.Config(0.9, 0.999, 1e-8, 0.5));
        bias.gradBuffer()[0] = 0f;
        opt.step(0.1);
        assertEquals(1f, bias.data()[0], 0f);
        Tensor matrix = Tensor.parameter("m", new float[] {1f}, 1, 1);
        AdamW decaying = new AdamW(List.of(matrix), new AdamW.Config(0.9, 0.999, 1e-8, 0.5));
        matrix.gradBuffer()[0] = 0f;
        decaying.step(0.1);
        assertEquals(0.95f, matrix.data()[0], 1e-7f);
    }

    /** Saving mid-run and restoring into fresh objects continues bit for bit. */
    @Test
    void saveAndLoadResumeExactly(@TempDir Path dir) {
        Rng rng = new Rng(3);
        float[] init = rng.normal(0, 1, 3, 40).data();
        float[][] grads = new float[6][];
        for (int i = 0; i < grads.length; i++) {
            grads[i] = rng.normal(0, 1, 120).data();
        }
        Tensor a = Tensor.parameter("layer.weight", init.clone(), 3, 40);
        AdamW optA = new AdamW(List.of(a), AdamW.Config.defaults());
        for (int s = 0; s < 6; s++) {
            System.arraycopy(grads[s], 0, a.gradBuffer(), 0, 120);
            optA.step(1e-2);
            if (s == 2) {
                ParameterStore.save(dir.resolve("params.safetensors"), List.of(a), null);
                optA.save(dir.resolve("optim.safetensors"));
            }
        }
        Tensor b = Tensor.parameter("layer.weight", new float[120], 3, 40);
        AdamW optB = new AdamW(List.of(b), AdamW.Config.defaults());
        ParameterStore.load(dir.resolve("params.safetensors"), List.of(b));
        optB.load(dir.resolve("optim.safetensors"));
        assertEquals(3, optB.step());
        for (int s = 3; s < 6; s++) {
            System.arraycopy(grads[s], 0, b.gradBuffer(), 0, 120);
            optB.step(1e-2);
        }
        assertArrayEquals(a.data(), b.data());
        assertArrayEquals(optA.secondMoment(0), optB.secondMoment(0));
    }

    /** PPO's policy and value bodies have the same parameter names: their moments must not overwrite each other. */
    @Test
    void parametersWithTheSameNameKeepTheirOwnState(@TempDir Path dir) {
        Tensor policy = Tensor.parameter("h.0.w", new float[] {1f, 2f}, 2);
        Tensor value = Tensor.parameter("h.0.w", new float[] {1f, 2f}, 2);
        AdamW opt = new AdamW(List.of(policy, value), AdamW.Config.defaults());
        policy.gradBuffer()[0] = 1f;
        value.gradBuffer()[0] = -3f;
        opt.step(1e-2);
        opt.save(dir.resolve("s.safetensors"));
        Tensor p2 = Tensor.parameter("h.0.w", new float[2], 2);
        Tensor v2 = Tensor.parameter("h.0.w", new float[2], 2);
        AdamW again = new AdamW(List.of(p2, v2), AdamW.Config.defaults());
        again.load(dir.resolve("s.safetensors"));
        assertArrayEquals(opt.secondMoment(0), again.secondMoment(0));
        assertArrayEquals(opt.secondMoment(1), again.secondMoment(1));
        assertEquals(false, Arrays.equals(again.secondMoment(0), again.secondMoment(1)), "two states, not one twice");
    }

    @Test
    void loadRejectsMismatchedState(@TempDir Path dir) {
        Tensor a = Tensor.parameter("x", new float[4], 2, 2);
        new AdamW(List.of(a), AdamW.Config.defaults()).save(dir.resolve("s.safetensors"));
        Tensor other = Tensor.parameter("y", new float[4], 2, 2);
        var e = assertThrows(SafetensorsException.class,
                () -> new AdamW(List.of(other), AdamW.Config.defaults()).load(dir.resolve("s.safetensors")));
        assertEquals(true, e.getMessage().contains("parameter y"), e.getMessage());
        Tensor reshaped = Tensor.parameter("x", new float[4], 4);
        e = assertThrows(SafetensorsException.class,
                () -> new AdamW(List.of(reshaped), AdamW.Config.defaults()).load(dir.resolve("s.safetensors")));
        assertEquals(true, e.getMessage().contains("shape"), e.getMessage());
    }
}
