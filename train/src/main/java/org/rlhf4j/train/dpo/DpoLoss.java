package org.rlhf4j.train.dpo;

import java.util.List;
import java.util.Map;
import org.rlhf4j.tensor.Tensor;
import org.rlhf4j.tensor.ops.Elementwise;
import org.rlhf4j.tensor.ops.Gather;
import org.rlhf4j.tensor.ops.Reductions;
import org.rlhf4j.train.rm.RankedPairs;
import org.rlhf4j.train.run.Metrics;

/**
 * Direct preference optimization (Rafailov et al. 2023) over K-wise rankings. With
 * {@code d = log pi(y|x) - log pi_ref(y|x)} for each response (log-probs summed over its tokens)
 * and, for a pair where w was ranked above l, {@code h = d_w - d_l}:
 * <pre>
 *   sigmoid (DPO):   loss = -(1 - eps) * log sigmoid(beta * h) - eps * log sigmoid(-beta * h)
 *   ipo (IPO):       loss = (h - 1 / (2 * beta))^2
 * </pre>
 * ({@code eps}: label smoothing, the conservative DPO of TRL's {@code label_smoothing}). As the
 * InstructGPT reward model does, all C(K, 2) pairs of a prompt sit in one batch element and are
 * weighted 1 / C(K, 2) ({@link RankedPairs}), so each of the K responses is forwarded once, however many pairs it is
 * in; tied responses form no pair; a batch's loss is the mean over its prompts.
 * The implicit reward of a response is {@code beta * d}.
 */
public final class DpoLoss {
    private DpoLoss() {}

    /** The two losses TRL's {@code loss_type} calls {@code sigmoid} and {@code ipo}. */
    public static final List<String> TYPES = List.of("sigmoid", "ipo");

    /**
     * The batch loss and TRL's statistics, means over the batch's pairs: {@code rewards/chosen},
     * {@code rewards/rejected}, {@code rewards/accuracies}, {@code rewards/margins},
     * {@code logps/chosen}, {@code logps/rejected}.
     */
    public record Result(Tensor loss, Map<String, Double> metrics, int pairs) {}

    /**
     * @param logps     the policy's response log-probs [total responses]
     * @param refLogps  the reference model's, same order
     */
    public static Result compute(Tensor logps, float[] refLogps, List<RankedPairs.Prompt> prompts, double beta, double labelSmoothing,
                                 String lossType) {
        if (refLogps.length != logps.size()) {
            throw new IllegalArgumentException(logps.size() + " log-probs but " + refLogps.length + " reference log-probs");
        }
        RankedPairs pairs = RankedPairs.of(prompts, logps.size());
        int total = pairs.size();
        int[] winners = pairs.winners();
        int[] losers = pairs.losers();
        float[] weights = pairs.weights();
        Tensor d = Elementwise.sub(logps, Tensor.of(refLogps.clone(), refLogps.length));
        Tensor h = Elementwise.sub(Gather.elements(d, winners), Gather.elements(d, losers));
        Tensor perPair = switch (lossType) {
            case "sigmoid" -> {
                Tensor bh = Elementwise.mulScalar(h, (float) beta);
                Tensor loss = Elementwise.mulScalar(Elementwise.logSigmoid(bh), (float) -(1 - labelSmoothing));
                yield labelSmoothing == 0 ? loss : Elementwise.add(loss,
                        Elementwise.mulScalar(Elementwise.logSigmoid(Elementwise.neg(bh)), (float) -labelSmoothing));
            }
            case "ipo" -> {
                Tensor off = Elementwise.addScalar(h, (float) (-1 / (2 * beta)));
                yield Elementwise.mul(off, off);
            }
            default -> throw new IllegalArgumentException("loss_type must be one of " + TYPES + ", got " + lossType);
        };
        Tensor loss = Reductions.sum(Elementwise.mul(perPair, Tensor.of(weights, total)));
        return new Result(loss, statistics(logps.data(), d.data(), winners, losers, beta), total);
    }

    private static Map<String, Double> statistics(float[] logps, float[] d, int[] winners, int[] losers, double beta) {
        double chosen = 0;
        double rejected = 0;
        double right = 0;
        double logpChosen = 0;
        double logpRejected = 0;
        int n = winners.length;
        for (int i = 0; i < n; i++) {
            double rw = beta * d[winners[i]];
            double rl = beta * d[losers[i]];
            chosen += rw;
            rejected += rl;
            right += rw > rl ? 1 : 0;
            logpChosen += logps[winners[i]];
            logpRejected += logps[losers[i]];
        }
        double scale = n == 0 ? 0 : 1.0 / n;
        return Metrics.of("rewards/chosen", chosen * scale, "rewards/rejected", rejected * scale,
                "rewards/accuracies", right * scale, "rewards/margins", (chosen - rejected) * scale,
                "logps/chosen", logpChosen * scale, "logps/rejected", logpRejected * scale);
    }
}
