package org.rlhf4j.train.rm;

import java.util.List;
import org.rlhf4j.model.ScalarHeadModel;
import org.rlhf4j.tensor.Tensor;
import org.rlhf4j.tensor.ops.Gather;
import org.rlhf4j.train.batch.LmBatch;

/**
 * Rewards of whole sequences: every sequence goes through the model once, in one right-padded
 * batch, and its reward is the scalar head at its last real token.
 */
public final class RewardScoring {
    private RewardScoring() {}

    /** One reward per sequence, [sequences.size()], differentiable when grad mode is on. */
    public static Tensor rewards(ScalarHeadModel model, List<int[]> sequences) {
        LmBatch b = LmBatch.of(sequences, null);
        Tensor hidden = model.body().forward(b.tokens(), b.batch(), b.seqLen(), b.positions(), null, null);
        Tensor last = Gather.rows(hidden, b.lastTokenIndices());
        int d = model.config().hiddenSize();
        return model.valuesOf(last.reshape(b.batch(), 1, d)).reshape(b.batch());
    }
}
