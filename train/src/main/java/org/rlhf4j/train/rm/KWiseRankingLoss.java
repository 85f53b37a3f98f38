package org.rlhf4j.train.rm;

import java.util.List;
import org.rlhf4j.tensor.Tensor;
import org.rlhf4j.tensor.ops.Elementwise;
import org.rlhf4j.tensor.ops.Gather;
import org.rlhf4j.tensor.ops.Reductions;

/**
 * The InstructGPT reward-model loss over K-wise rankings (PAPER.md, eq. 1): for one prompt
 * with K ranked responses,
 * <pre>
 *   loss = -1 / C(K, 2) * sum over pairs (w, l) of log sigmoid(r_w - r_l)
 * </pre>
 * where w was ranked above l ({@link RankedPairs}). All pairs of a prompt sit in one batch element, so each response
 * is scored once however many pairs it is in (what keeps K-wise training from overfitting, and
 * what makes it cheap). Tied responses form no pair; the normaliser stays C(K, 2), so a prompt
 * with ties weighs less than a fully ranked one. A batch's loss is the mean over its prompts.
 */
public final class KWiseRankingLoss {
    private KWiseRankingLoss() {}

    /** The batch loss and, for reporting, the share of pairs the rewards already order right. */
    public record Result(Tensor loss, double accuracy, int pairs) {}

    /** The loss of a batch of prompts over {@code rewards} [total responses]. */
    public static Result compute(Tensor rewards, List<RankedPairs.Prompt> prompts) {
        RankedPairs p = RankedPairs.of(prompts, rewards.size());
        int total = p.size();
        int[] winners = p.winners();
        int[] losers = p.losers();
        float[] weights = new float[total];
        for (int i = 0; i < total; i++) {
            weights[i] = -p.weights()[i];
        }
        Tensor margins = Elementwise.sub(Gather.elements(rewards, winners), Gather.elements(rewards, losers));
        Tensor loss = Reductions.sum(Elementwise.mul(Elementwise.logSigmoid(margins), Tensor.of(weights, total)));
        int right = 0;
        for (float m : margins.data()) {
            if (m > 0) {
                right++;
            }
        }
        return new Result(loss, total == 0 ? 0 : (double) right / total, total);
    }
}
