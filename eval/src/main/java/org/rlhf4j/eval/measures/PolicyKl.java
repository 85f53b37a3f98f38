package org.rlhf4j.eval.measures;

import java.util.ArrayList;
import java.util.List;
import org.rlhf4j.eval.ModelSamples;
import org.rlhf4j.model.TransformerModel;
import org.rlhf4j.tensor.Autograd;
import org.rlhf4j.train.lm.ResponseLogProbs;

/**
 * A policy's KL divergence from the baseline, estimated on the policy's own samples:
 * {@code KL(pi || ref) = E_{y ~ pi} [log pi(y|x) - log ref(y|x)]}, summed over the response's tokens
 * and averaged over prompts (the sequence-level KL that PPO's penalty controls, in nats).
 */
public final class PolicyKl {
    private PolicyKl() {
    }

    public static double estimate(TransformerModel policy, TransformerModel baseline, ModelSamples samples, int batchSize) {
        int n = samples.prompts().size();
        if (n == 0) {
            return Double.NaN;
        }
        double sum = 0;
        try (var ignored = Autograd.noGrad()) {
            for (int from = 0; from < n; from += batchSize) {
                int to = Math.min(n, from + batchSize);
                List<int[]> sequences = new ArrayList<>();
                int[] promptLengths = new int[to - from];
                for (int i = from; i < to; i++) {
                    sequences.add(samples.sequence(i));
                    promptLengths[i - from] = samples.prompts().get(i).length;
                }
                float[] lp = ResponseLogProbs.perSequence(policy, sequences, promptLengths).data();
                float[] lr = ResponseLogProbs.perSequence(baseline, sequences, promptLengths).data();
                for (int i = 0; i < lp.length; i++) {
                    sum += lp[i] - lr[i];
                }
            }
        }
        return sum / n;
    }
}
