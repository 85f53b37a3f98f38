package org.rlhf4j.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.rlhf4j.tensor.Rng;
import org.rlhf4j.tensor.Tensor;
import org.rlhf4j.tensor.ops.Elementwise;
import org.rlhf4j.tensor.ops.Linear;

/**
 * A transformer body with a scalar head: one value per token, read from the last hidden
 * state ({@code score.weight} [1, d], no bias, the layout of Hugging Face's
 * {@code *ForSequenceClassification} with one label). It serves as the reward model (the
 * reward of a sequence is its value at the last real token) and as the PPO value function.
 *
 * <p>{@link #rewardBias()} is added to every value: the reward-model trainer sets it so that
 * demonstrations score 0 on average, and the Hugging Face writer stores it in
 * {@code config.json}, since HF's score layer has no bias.
 */
public final class ScalarHeadModel {
    public static final String SCORE = "score.weight";

    private final TransformerModel body;
    private final Tensor score;
    private float rewardBias;

    public ScalarHeadModel(TransformerModel body, Tensor score, float rewardBias) {
        if (body.hasLmHead()) {
            throw new IllegalArgumentException("a scalar-head model's body must have no LM head; use TransformerModel.copy(false)");
        }
        int d = body.config().hiddenSize();
        if (score.rank() != 2 || score.dim(0) != 1 || score.dim(1) != d) {
            throw new IllegalArgumentException(SCORE + " must be [1, " + d + "], got " + Arrays.toString(score.shape()));
        }
        this.body = body;
        this.score = score.requiresGrad() && SCORE.equals(score.name()) ? score
                : Tensor.parameter(SCORE, score.data(), score.shape());
        this.rewardBias = rewardBias;
    }

    /**
     * A scalar-head model whose body is a copy of a causal LM's (the reward model starts from
     * the SFT model) and whose head is drawn from N(0, 1/(d+1)): small enough that initial
     * values are near zero whatever the hidden states' scale.
     */
    public static ScalarHeadModel fromCausalLm(TransformerModel lm, long seed) {
        int d = lm.config().hiddenSize();
        Tensor head = new Rng(seed).normal(0f, (float) (1.0 / Math.sqrt(d + 1)), 1, d);
        return new ScalarHeadModel(lm.copy(false), head, 0f);
    }

    public TransformerModel body() {
        return body;
    }

    public ModelConfig config() {
        return body.config();
    }

    public Tensor score() {
        return score;
    }

    public float rewardBias() {
        return rewardBias;
    }

    public void rewardBias(float value) {
        if (!Float.isFinite(value)) {
            throw new IllegalArgumentException("reward bias must be finite, got " + value);
        }
        this.rewardBias = value;
    }

    /** Body parameters then the head. */
    public List<Tensor> parameterList() {
        List<Tensor> out = new ArrayList<>(body.parameterList());
        out.add(score);
        return out;
    }

    /**
     * The value of every token given what precedes it: [batch, seqLen]. Arguments as for
     * {@link Decoder#forward} without a cache.
     */
    public Tensor values(int[] tokens, int batch, int seqLen, int[] positions, float[] keyMask) {
        Tensor hidden = body.forward(tokens, batch, seqLen, positions, keyMask, null);
        return valuesOf(hidden);
    }

    /** The head applied to hidden states [batch, seqLen, d] -> [batch, seqLen] (bias included). */
    public Tensor valuesOf(Tensor hidden) {
        Tensor v = Linear.linear(hidden, score, null);
        if (rewardBias != 0f) {
            v = Elementwise.addScalar(v, rewardBias);
        }
        return v.reshape(hidden.dim(0), hidden.dim(1));
    }

    /** A deep copy (the PPO value function starts as a copy of the reward model). */
    public ScalarHeadModel copy() {
        return new ScalarHeadModel(body.copy(false), Tensor.of(score.data().clone(), score.shape()), rewardBias);
    }
}
