package org.rlhf4j.model;

import org.rlhf4j.tensor.Rng;
import org.rlhf4j.tensor.Tensor;

/** Small model configs for tests, and weights large enough that every op shapes the logits. */
public final class TinyModels {
    private TinyModels() {}

    public static ModelConfig gpt2() {
        return new ModelConfig(Architecture.GPT2, 61, 16, 2, 2, 2, 8, 40, 48, 1e-5f, 10000, null,
                true, true, true, true, 0f, 0f, 0, new int[] {0}, -1);
    }

    /** Grouped-query attention (4 heads over 2 KV heads), Qwen2-style q/k/v biases, untied head, Llama 3 rope scaling. */
    public static ModelConfig llamaGqa() {
        return new ModelConfig(Architecture.LLAMA, 53, 24, 2, 4, 2, 6, 36, 64, 1e-6f, 500000,
                new RopeScaling("llama3", 8, 1, 4, 16), false, true, false, false, 0f, 0f, 1, new int[] {2, 3}, 0);
    }

    /** Plain Llama: multi-head, no biases, tied embeddings (as SmolLM). */
    public static ModelConfig llamaTied() {
        return new ModelConfig(Architecture.LLAMA, 47, 16, 2, 2, 2, 8, 32, 64, 1e-5f, 10000, null,
                true, false, false, false, 0f, 0f, 1, new int[] {2}, -1);
    }

    /**
     * A model whose weights are far from initialisation: matrices ~ N(0, 1/sqrt(in)) scaled so
     * activations stay O(1), norm gains 1 + N(0, 0.2), biases N(0, 0.2).
     */
    public static TransformerModel randomModel(ModelConfig config, boolean withLmHead, long seed) {
        TransformerModel m = TransformerModel.initialise(config, withLmHead, seed);
        Rng rng = new Rng(seed + 1000);
        int i = 0;
        for (var e : m.parameters().entrySet()) {
            Tensor p = e.getValue();
            Rng r = rng.fork(i++);
            if (e.getKey().contains("norm")) {
                r.fillNormal(p.data(), 0, p.size(), e.getKey().endsWith(".weight") ? 1f : 0f, 0.2f);
            } else if (p.rank() == 1) {
                r.fillNormal(p.data(), 0, p.size(), 0f, 0.2f);
            } else {
                r.fillNormal(p.data(), 0, p.size(), 0f, (float) (1.2 / Math.sqrt(p.dim(1))));
            }
        }
        return m;
    }
}
