package org.rlhf4j.model;

import org.rlhf4j.tensor.Tensor;

/**
 * What generation, scoring and training need from a decoder-only transformer: run new
 * tokens through it (optionally against a KV cache of earlier tokens) and map hidden states
 * to vocabulary logits.
 */
public interface Decoder {
    ModelConfig config();

    /** An empty cache for {@code batch} sequences of up to {@code capacity} tokens each. */
    KvCache newCache(int batch, int capacity);

    /**
     * Runs {@code seqLen} new tokens of each of {@code batch} sequences through the model.
     *
     * @param tokens    token ids, [batch * seqLen] row-major
     * @param positions position ids of those tokens, [batch * seqLen] (for left-padded
     *                  prompts: 0 at each sequence's first real token, as HF computes them)
     * @param keyMask   null, or an additive mask over every key the new tokens see,
     *                  [batch * (cached + seqLen)]: 0 for real tokens, -inf for padding
     * @param cache     null (no cache: the tokens are the whole sequence), or a cache whose
     *                  keys and values the new tokens attend to and are appended to
     * @return hidden states after the final norm, [batch, seqLen, hiddenSize]
     */
    Tensor forward(int[] tokens, int batch, int seqLen, int[] positions, float[] keyMask, KvCache cache);

    /** Vocabulary logits of hidden states [..., hiddenSize] -> [..., vocabSize]. */
    Tensor logits(Tensor hidden);
}
