package org.rlhf4j.tensor.ops;

import org.rlhf4j.tensor.Tensor;

/**
 * Picking rows or single elements out of a tensor by index, with the gradient added back to
 * where each came from. Reward models read the hidden state (or value) at each sequence's
 * last real token this way; PPO reads values at chosen positions.
 */
public final class Gather {
    private Gather() {}

    /** x viewed as [rows, cols] (last axis = cols) -> [indices.length, cols]: row indices[i] of x. */
    public static Tensor rows(Tensor x, int[] indices) {
        int cols = x.cols();
        return Embedding.lookup(x.reshape(x.size() / cols, cols), indices);
    }

    /** x viewed flat -> [indices.length]: element indices[i] of x. */
    public static Tensor elements(Tensor x, int[] indices) {
        return Embedding.lookup(x.reshape(x.size(), 1), indices).reshape(indices.length);
    }
}
