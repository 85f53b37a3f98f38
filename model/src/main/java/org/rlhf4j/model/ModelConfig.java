package org.rlhf4j.model;

import java.util.Arrays;

/**
 * The shape of a decoder-only transformer, as read from (and written to) a Hugging Face
 * {@code config.json} by {@link org.rlhf4j.model.hf.HfConfig}. Token ids are -1 when the
 * model has none.
 *
 * @param numKvHeads       key/value heads (grouped-query attention when below numHeads)
 * @param intermediateSize width of the MLP's hidden layer
 * @param maxPositions     longest sequence (GPT-2: rows of the position table)
 * @param normEps          epsilon of every layernorm / RMSNorm
 * @param ropeTheta        RoPE base (Llama family; ignored for GPT-2)
 * @param ropeScaling      null, or how RoPE frequencies are rescaled (Llama 3.1 style)
 * @param tieEmbeddings    the unembedding is the token embedding table
 * @param qkvBias          the q, k and v projections have biases (GPT-2, Qwen2)
 * @param outBias          the attention output projection has a bias (GPT-2)
 * @param mlpBias          the MLP projections have biases (GPT-2)
 * @param residualDropout  dropout on each block's attention and MLP outputs, in training mode
 * @param embeddingDropout dropout on the input embeddings, in training mode
 */
public record ModelConfig(
        Architecture architecture,
        int vocabSize,
        int hiddenSize,
        int numLayers,
        int numHeads,
        int numKvHeads,
        int headDim,
        int intermediateSize,
        int maxPositions,
        float normEps,
        double ropeTheta,
        RopeScaling ropeScaling,
        boolean tieEmbeddings,
        boolean qkvBias,
        boolean outBias,
        boolean mlpBias,
        float residualDropout,
        float embeddingDropout,
        int bosTokenId,
        int[] eosTokenIds,
        int padTokenId) {

    public ModelConfig {
        eosTokenIds = eosTokenIds == null ? new int[0] : eosTokenIds.clone();
        require(vocabSize > 0, "vocab size must be positive, got " + vocabSize);
        require(hiddenSize > 0, "hidden size must be positive, got " + hiddenSize);
        require(numLayers > 0, "number of layers must be positive, got " + numLayers);
        require(numHeads > 0 && numKvHeads > 0 && numHeads % numKvHeads == 0,
                "attention heads (" + numHeads + ") must be a positive multiple of key/value heads (" + numKvHeads + ")");
        require(headDim > 0, "head dim must be positive, got " + headDim);
        require(architecture != Architecture.GPT2 || headDim * numHeads == hiddenSize,
                "GPT-2 needs hidden size (" + hiddenSize + ") = heads (" + numHeads + ") x head dim (" + headDim + ")");
        require(architecture != Architecture.LLAMA || headDim % 2 == 0, "RoPE needs an even head dim, got " + headDim);
        require(intermediateSize > 0, "intermediate size must be positive, got " + intermediateSize);
        require(maxPositions > 0, "max positions must be positive, got " + maxPositions);
        require(normEps > 0, "norm epsilon must be positive, got " + normEps);
        require(residualDropout >= 0 && residualDropout < 1, "residual dropout must be in [0, 1), got " + residualDropout);
        require(embeddingDropout >= 0 && embeddingDropout < 1, "embedding dropout must be in [0, 1), got " + embeddingDropout);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("model config: " + message);
        }
    }

    /** Width of all query heads side by side. */
    public int queryDim() {
        return numHeads * headDim;
    }

    /** Width of all key (or value) heads side by side. */
    public int kvDim() {
        return numKvHeads * headDim;
    }

    /** The same model with other dropout rates (0 turns dropout off, as RL does). */
    public ModelConfig withDropout(float residual, float embedding) {
        return new ModelConfig(architecture, vocabSize, hiddenSize, numLayers, numHeads, numKvHeads, headDim,
                intermediateSize, maxPositions, normEps, ropeTheta, ropeScaling, tieEmbeddings, qkvBias, outBias, mlpBias,
                residual, embedding, bosTokenId, eosTokenIds, padTokenId);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelConfig c && toString().equals(c.toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }

    @Override
    public String toString() {
        return "ModelConfig[" + architecture + " vocab=" + vocabSize + " d=" + hiddenSize + " layers=" + numLayers
                + " heads=" + numHeads + " kvHeads=" + numKvHeads + " headDim=" + headDim + " ffn=" + intermediateSize
                + " positions=" + maxPositions + " eps=" + normEps + " theta=" + ropeTheta + " scaling=" + ropeScaling
                + " tied=" + tieEmbeddings + " bias=" + qkvBias + "/" + outBias + "/" + mlpBias
                + " dropout=" + residualDropout + "/" + embeddingDropout + " bos=" + bosTokenId
                + " eos=" + Arrays.toString(eosTokenIds) + " pad=" + padTokenId + "]";
    }
}
