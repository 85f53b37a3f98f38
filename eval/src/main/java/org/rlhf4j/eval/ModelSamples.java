package org.rlhf4j.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import org.rlhf4j.model.TransformerModel;
import org.rlhf4j.model.generate.Generation;
import org.rlhf4j.model.generate.Generator;
import org.rlhf4j.model.generate.SamplingConfig;
import org.rlhf4j.model.tokenizer.HfTokenizer;
import org.rlhf4j.tensor.Autograd;

/**
 * One sampled response per prompt from one model: the texts judges read, and the tokens the KL
 * measure scores.
 *
 * @param prompts   each prompt's token ids
 * @param responses each response's token ids (the stop token included when one came)
 * @param texts     each response decoded without special tokens, trimmed
 */
public record ModelSamples(String model, List<int[]> prompts, int[][] responses, List<String> texts) {

    /**
     * Samples in batches of {@code batchSize}; prompt i uses stream {@code sampling.seed() + i}, so
     * the batch size changes nothing but speed and two models see the same seeds.
     *
     * @param progress told how many prompts are done after each batch
     */
    public static ModelSamples sample(String model, TransformerModel lm, HfTokenizer tokenizer, List<String> prompts,
            PromptFormat format, SamplingConfig sampling, int batchSize, IntConsumer progress) {
        List<int[]> encoded = new ArrayList<>();
        for (String p : prompts) {
            encoded.add(format.encode(tokenizer, p));
        }
        int n = encoded.size();
        int[][] responses = new int[n][];
        List<String> texts = new ArrayList<>();
        try (var ignored = Autograd.noGrad()) {
            Generator generator = new Generator(lm);
            for (int from = 0; from < n; from += batchSize) {
                List<int[]> batch = encoded.subList(from, Math.min(n, from + batchSize));
                Generation g = generator.generate(batch, sampling.withSeed(sampling.seed() + from));
                for (int i = 0; i < batch.size(); i++) {
                    responses[from + i] = g.tokens()[i];
                    texts.add(tokenizer.decode(g.tokens()[i], true).strip());
                }
                progress.accept(from + batch.size());
            }
        }
        return new ModelSamples(model, List.copyOf(encoded), responses, List.copyOf(texts));
    }

    /** Prompt i followed by its response. */
    public int[] sequence(int i) {
        int[] p = prompts.get(i);
        int[] seq = java.util.Arrays.copyOf(p, p.length + responses[i].length);
        System.arraycopy(responses[i], 0, seq, p.length, responses[i].length);
        return seq;
    }
}
