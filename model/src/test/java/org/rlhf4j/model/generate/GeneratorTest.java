package org.rlhf4j.model.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rlhf4j.model.ModelConfig;
import org.rlhf4j.model.TinyModels;
import org.rlhf4j.model.TransformerModel;
import org.rlhf4j.tensor.Autograd;
import org.rlhf4j.tensor.Tensor;
import org.rlhf4j.tensor.ops.LogProbs;

class GeneratorTest {
    static Stream<Arguments> cases() {
        SamplingConfig greedy = SamplingConfig.greedy(10);
        SamplingConfig sampled = new SamplingConfig(10, 0.9f, 20, 0.95f, false, 42, new int[0]);
        return Stream.of(
                Arguments.of("gpt2 greedy", TinyModels.gpt2(), greedy),
                Arguments.of("gpt2 sampled", TinyModels.gpt2(), sampled),
                Arguments.of("llama-gqa greedy", TinyModels.llamaGqa(), greedy),
                Arguments.of("llama-gqa sampled", TinyModels.llamaGqa(), sampled));
    }

    private static final List<int[]> PROMPTS = List.of(new int[] {5, 9, 3}, new int[] {7}, new int[] {1, 2, 3, 4, 5, 6, 7},
            new int[] {11, 12});

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void cachedGenerationEqualsUncachedTokenForToken(String name, ModelConfig config, SamplingConfig sampling) {
        TransformerModel model = TinyModels.randomModel(config, true, 21);
        Generation cached = new Generator(model, true).generate(PROMPTS, sampling);
        Generation uncached = new Generator(model, false).generate(PROMPTS, sampling);
        for (int i = 0; i < PROMPTS.size(); i++) {
            assertArrayEquals(uncached.tokens()[i], cached.tokens()[i], name + ": sequence " + i);
            assertArrayEquals(uncached.logprobs()[i], cached.logprobs()[i], 1e-4f, name + ": log-probs " + i);
            assertEquals(10, cached.tokens()[i].length);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void batchedGenerationEqualsOneByOne(String name, ModelConfig config, SamplingConfig sampling) {
        TransformerModel model = TinyModels.randomModel(config, true, 22);
        Generator generator = new Generator(model);
        Generation batched = generator.generate(PROMPTS, sampling);
        for (int i = 0; i < PROMPTS.size(); i++) {
            // sequence i of a batch samples from stream seed + i
            SamplingConfig alone = new SamplingConfig(sampling.maxNewTokens(), sampling.temperature(), sampling.topK(),
                    sampling.topP(), sampling.greedy(), sampling.seed() + i, sampling.stopTokenIds());
            Generation single = generator.generate(List.of(PROMPTS.get(i)), alone);
            assertArrayEquals(single.tokens()[0], batched.tokens()[i], name + ": sequence " + i);
            assertArrayEquals(single.logprobs()[0], batched.logprobs()[i], 1e-4f, name + ": log-probs " + i);
        }
    }

    @Test
    void returnedLogProbsAreThoseOfTheSampledTokensUnderTheModel() {
        TransformerModel model = TinyModels.randomModel(TinyModels.llamaGqa(), true, 23);
        SamplingConfig sampling = new SamplingConfig(6, 0.7f, 0, 1f, false, 3, new int[0]);
        int[] prompt = {4, 8, 15};
        Generation g = new Generator(model).generate(List.of(prompt), sampling);
        int n = prompt.length + 6;
        int[] seq = new int[n];
        System.arraycopy(prompt, 0, seq, 0, 3);
        System.arraycopy(g.tokens()[0], 0, seq, 3, 6);
        int[] positions = new int[n];
        for (int i = 0; i < n; i++) {
            positions[i] = i;
        }
        try (var ignored = Autograd.noGrad()) {
            Tensor logits = model.logits(model.forward(seq, 1, n, positions, null, null)).reshape(n, model.config().vocabSize());
            int[] next = new int[n];
            System.arraycopy(seq, 1, next, 0, n - 1);
            float[] lp = LogProbs.gather(logits, next, 0.7f).data();
            for (int i = 0; i < 6; i++) {
                assertEquals(lp[2 + i], g.logprobs()[0][i], 1e-4f, "token " + i);
            }
        }
    }

    @Test
    void stopsEachSequenceAtItsOwnStopToken() {
        TransformerModel model = TinyModels.randomModel(TinyModels.gpt2(), true, 24);
        Generation free = new Generator(model).generate(PROMPTS, SamplingConfig.greedy(12));
        int stop = free.tokens()[0][3];
        Generation stopped = new Generator(model).generate(PROMPTS, SamplingConfig.greedy(12, stop));
        for (int i = 0; i < PROMPTS.size(); i++) {
            int[] full = free.tokens()[i];
            int at = -1;
            for (int j = 0; j < full.length && at < 0; j++) {
                if (full[j] == stop) {
                    at = j;
                }
            }
            int expectedLength = at < 0 ? 12 : at + 1;
            assertEquals(expectedLength, stopped.tokens()[i].length, "sequence " + i);
            assertEquals(at >= 0, stopped.stopped()[i]);
            assertArrayEquals(java.util.Arrays.copyOf(full, expectedLength), stopped.tokens()[i]);
        }
        assertTrue(stopped.stopped()[0]);
        assertFalse(stopped.tokens()[0].length == 12);
    }

    @Test
    void refusesPromptsThatDoNotFit() {
        TransformerModel model = TinyModels.randomModel(TinyModels.gpt2(), true, 25);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Generator(model).generate(List.of(new int[40]), SamplingConfig.greedy(20)));
        assertTrue(e.getMessage().contains("48 positions"), e.getMessage());
    }
}
