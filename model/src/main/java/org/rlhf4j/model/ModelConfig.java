package org.rlhf4j.model;

/**
 * The shape of a model, as read from (and written to) a Hugging Face {@code config.json}.
 * Token ids are -1 when the model has none.
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
        int bosTokenId,
        int[] eosTokenIds,
        int padTokenId) {
}
