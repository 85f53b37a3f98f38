package org.rlhf4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rlhf4j.model.hf.HfModelFolder;
import org.rlhf4j.tensor.Autograd;
import org.rlhf4j.tensor.Rng;
import org.rlhf4j.tensor.Tensor;
import org.rlhf4j.tensor.io.DType;
import org.rlhf4j.tensor.io.SafetensorsReader;
import org.rlhf4j.tensor.ops.CrossEntropy;

class TransformerModelTest {
    @TempDir
    Path tmp;

    static Stream<Arguments> configs() {
        return Stream.of(Arguments.of("gpt2", TinyModels.gpt2()), Arguments.of("llama-gqa", TinyModels.llamaGqa()),
                Arguments.of("llama-tied", TinyModels.llamaTied()));
    }

    private static int[] tokens(int n, int vocab, long seed) {
        Rng r = new Rng(seed);
        int[] t = new int[n];
        for (int i = 0; i < n; i++) {
            t[i] = r.nextInt(vocab);
        }
        return t;
    }

    private static int[] range(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        return p;
    }

    private Map<String, float[]> hfWeights(TransformerModel m) {
        Path dir = tmp.resolve("saved");
        HfModelFolder.saveCausalLm(m, null, dir, DType.F32, null);
        Map<String, float[]> out = new HashMap<>();
        SafetensorsReader.readAll(dir.resolve("model.safetensors")).forEach((k, v) -> out.put(k, v.data()));
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configs")
    void logitsMatchDoublePrecisionReference(String name, ModelConfig config) {
        TransformerModel model = TinyModels.randomModel(config, true, 7);
        ReferenceTransformer ref = new ReferenceTransformer(config, hfWeights(model));
        int t = 21;
        int[] toks = tokens(t, config.vocabSize(), 3);
        double[][] expected = ref.logits(toks);
        float[] actual;
        try (var g = Autograd.noGrad()) {
            actual = model.logits(model.forward(toks, 1, t, range(t), null, null)).data();
        }
        double scale = 0;
        for (double[] row : expected) {
            for (double v : row) {
                scale = Math.max(scale, Math.abs(v));
            }
        }
        assertTrue(scale > 0.5, "logits should be O(1) for the check to mean something, max |logit| = " + scale);
        int v = config.vocabSize();
        for (int i = 0; i < t; i++) {
            for (int j = 0; j < v; j++) {
                double e = expected[i][j];
                double a = actual[i * v + j];
                assertTrue(Math.abs(a - e) <= 1e-4 * Math.max(Math.abs(e), 1e-2 * scale),
                        name + ": logit [" + i + "][" + j + "] = " + a + ", reference " + e);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configs")
    void leftPaddedRowsMatchTheSequenceAlone(String name, ModelConfig config) {
        TransformerModel model = TinyModels.randomModel(config, true, 11);
        int v = config.vocabSize();
        int[] shortSeq = tokens(5, v, 1);
        int[] longSeq = tokens(9, v, 2);
        int pad = 4;
        int[] batchTokens = new int[18];
        int[] positions = new int[18];
        float[] mask = new float[18];
        for (int i = 0; i < 9; i++) {
            batchTokens[i] = i < pad ? 0 : shortSeq[i - pad];
            positions[i] = Math.max(0, i - pad);
            mask[i] = i < pad ? Float.NEGATIVE_INFINITY : 0f;
            batchTokens[9 + i] = longSeq[i];
            positions[9 + i] = i;
        }
        try (var g = Autograd.noGrad()) {
            float[] batched = model.logits(model.forward(batchTokens, 2, 9, positions, mask, null)).data();
            float[] aloneShort = model.logits(model.forward(shortSeq, 1, 5, range(5), null, null)).data();
            float[] aloneLong = model.logits(model.forward(longSeq, 1, 9, range(9), null, null)).data();
            for (int i = 0; i < 5 * v; i++) {
                assertEquals(aloneShort[i], batched[pad * v + i], 1e-5f, "padded row, logit " + i);
            }
            for (int i = 0; i < 9 * v; i++) {
                assertEquals(aloneLong[i], batched[9 * v + i], 1e-5f, "unpadded row, logit " + i);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configs")
    void cachedForwardInPiecesEqualsOneForward(String name, ModelConfig config) {
        TransformerModel model = TinyModels.randomModel(config, true, 5);
        int v = config.vocabSize();
        int[] seq = tokens(12, v, 9);
        try (var g = Autograd.noGrad()) {
            float[] whole = model.logits(model.forward(seq, 1, 12, range(12), null, null)).data();
            KvCache cache = model.newCache(1, 12);
            int[] first = java.util.Arrays.copyOf(seq, 7);
            float[] a = model.logits(model.forward(first, 1, 7, range(7), null, cache)).data();
            assertEquals(7, cache.length());
            for (int step = 7; step < 12; step++) {
                float[] b = model.logits(model.forward(new int[] {seq[step]}, 1, 1, new int[] {step}, null, cache)).data();
                for (int j = 0; j < v; j++) {
                    assertEquals(whole[step * v + j], b[j], 1e-5f, "step " + step + " logit " + j);
                }
            }
            for (int i = 0; i < 7 * v; i++) {
                assertEquals(whole[i], a[i], 1e-5f);
            }
            assertThrows(IllegalArgumentException.class,
                    () -> model.forward(new int[] {1}, 1, 1, new int[] {12}, null, cache), "a full cache refuses more tokens");
        }
    }

    /** The loss gradient of every parameter against central differences of the loss, in double. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("configs")
    void parameterGradientsMatchFiniteDifferences(String name, ModelConfig config) {
        TransformerModel model = TinyModels.randomModel(config, true, 3);
        int t = 6;
        int[] input = tokens(2 * t, config.vocabSize(), 4);
        int[] targets = tokens(2 * t, config.vocabSize(), 5);
        int[] positions = new int[2 * t];
        for (int i = 0; i < 2 * t; i++) {
            positions[i] = i % t;
        }
        model.parameterList().forEach(Tensor::zeroGrad);
        Tensor loss = loss(model, input, positions, targets);
        loss.backward();
        Rng pick = new Rng(17);
        for (Tensor p : model.parameterList()) {
            for (int probe = 0; probe < 3; probe++) {
                int i = pick.nextInt(p.size());
                float saved = p.data()[i];
                double eps = 1e-2;
                p.data()[i] = (float) (saved + eps);
                double plus = lossValue(model, input, positions, targets);
                p.data()[i] = (float) (saved - eps);
                double minus = lossValue(model, input, positions, targets);
                p.data()[i] = saved;
                double numeric = (plus - minus) / (2 * eps);
                double analytic = p.grad()[i];
                assertTrue(Math.abs(numeric - analytic) <= 2e-3 + 3e-2 * Math.abs(numeric),
                        name + ": d loss / d " + p.name() + "[" + i + "] analytic " + analytic + " numeric " + numeric);
            }
        }
    }

    private static Tensor loss(TransformerModel m, int[] input, int[] positions, int[] targets) {
        Tensor h = m.forward(input, 2, input.length / 2, positions, null, null);
        return CrossEntropy.fromHidden(h.reshape(input.length, m.config().hiddenSize()), m.unembedding(), targets, -100);
    }

    private static double lossValue(TransformerModel m, int[] input, int[] positions, int[] targets) {
        try (var g = Autograd.noGrad()) {
            return loss(m, input, positions, targets).item();
        }
    }

    @Test
    void dropoutOnlyInTrainingModeAndSeeded() {
        ModelConfig c = TinyModels.gpt2().withDropout(0.3f, 0.1f);
        TransformerModel m = TinyModels.randomModel(c, true, 1);
        int[] toks = tokens(8, c.vocabSize(), 1);
        try (var g = Autograd.noGrad()) {
            float[] eval1 = m.forward(toks, 1, 8, range(8), null, null).data();
            float[] eval2 = m.forward(toks, 1, 8, range(8), null, null).data();
            assertArrayEquals(eval1, eval2);
            m.train(true, new Rng(5));
            float[] train1 = m.forward(toks, 1, 8, range(8), null, null).data();
            m.train(true, new Rng(5));
            float[] train2 = m.forward(toks, 1, 8, range(8), null, null).data();
            assertArrayEquals(train1, train2, "same dropout seed, same result");
            assertTrue(maxAbsDiff(train1, eval1) > 1e-2, "dropout changes the output in training mode");
            m.train(false, null);
            assertArrayEquals(eval1, m.forward(toks, 1, 8, range(8), null, null).data());
        }
    }

    @Test
    void rejectsOutOfRangeInputs() {
        TransformerModel m = TinyModels.randomModel(TinyModels.gpt2(), true, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> m.forward(new int[] {1, 2}, 1, 2, new int[] {47, 48}, null, null));
        assertTrue(e.getMessage().contains("position 48"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> m.forward(new int[] {1, 61}, 1, 2, new int[] {0, 1}, null, null));
        assertTrue(e.getMessage().contains("token id 61"), e.getMessage());
    }

    @Test
    void scalarHeadValuesAreTheHeadAppliedToLastHiddenStates() {
        TransformerModel lm = TinyModels.randomModel(TinyModels.llamaGqa(), true, 2);
        ScalarHeadModel rm = ScalarHeadModel.fromCausalLm(lm, 9);
        rm.rewardBias(0.25f);
        int[] toks = tokens(6, 53, 8);
        try (var g = Autograd.noGrad()) {
            float[] hidden = lm.forward(toks, 1, 6, range(6), null, null).data();
            float[] values = rm.values(toks, 1, 6, range(6), null).data();
            int d = 24;
            for (int i = 0; i < 6; i++) {
                double expected = 0.25;
                for (int j = 0; j < d; j++) {
                    expected += hidden[i * d + j] * rm.score().data()[j];
                }
                assertEquals(expected, values[i], 1e-5, "value " + i);
            }
        }
        assertTrue(rm.body().parameters().get(TransformerModel.EMBED).data() != lm.parameters().get(TransformerModel.EMBED).data(),
                "the reward model trains its own copy of the body");
    }

    static double maxAbsDiff(float[] a, float[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }
}
