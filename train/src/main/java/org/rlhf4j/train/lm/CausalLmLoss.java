package org.rlhf4j.train.lm;

import org.rlhf4j.model.TransformerModel;
import org.rlhf4j.tensor.Autograd;
import org.rlhf4j.tensor.Tensor;
import org.rlhf4j.tensor.ops.CrossEntropy;
import org.rlhf4j.train.batch.LmBatch;

/**
 * The causal-LM loss: mean negative log-likelihood of each target token given the tokens before
 * it, over the batch's target positions (the loss mask). Pretraining, SFT, PPO-ptx, evaluation
 * and {@code rlhf4j perplexity} all call this one function.
 */
public final class CausalLmLoss {
    private CausalLmLoss() {}

    /** Mean next-token NLL over the batch's loss positions; differentiable when gradients are on. */
    public static Tensor of(TransformerModel model, LmBatch b) {
        Tensor hidden = model.forward(b.tokens(), b.batch(), b.seqLen(), b.positions(), null, null);
        Tensor flat = hidden.reshape(b.batch() * b.seqLen(), model.config().hiddenSize());
        return CrossEntropy.fromHidden(flat, model.unembedding(), b.targets(), LmBatch.IGNORE);
    }

    /** A running total of token NLL over many batches. */
    public record Total(double nll, long tokens) {
        public static final Total ZERO = new Total(0, 0);

        public Total plus(Total other) {
            return new Total(nll + other.nll, tokens + other.tokens);
        }

        /** Mean NLL per token (NaN without tokens). */
        public double mean() {
            return tokens == 0 ? Double.NaN : nll / tokens;
        }
    }

    /** Total NLL of one batch's loss tokens, without gradients. */
    public static Total total(TransformerModel model, LmBatch b) {
        int n = b.lossTokens();
        if (n == 0) {
            return Total.ZERO;
        }
        try (var ignored = Autograd.noGrad()) {
            return new Total(of(model, b).item() * (double) n, n);
        }
    }

    /** Token-weighted mean NLL over batches, without gradients. */
    public static double mean(TransformerModel model, Iterable<LmBatch> batches) {
        Total sum = Total.ZERO;
        for (LmBatch b : batches) {
            sum = sum.plus(total(model, b));
        }
        return sum.mean();
    }
}
