package org.rlhf4j.train.lm;

import java.util.ArrayList;
import java.util.List;
import org.rlhf4j.model.ScalarHeadModel;
import org.rlhf4j.model.TransformerModel;
import org.rlhf4j.model.generate.Generation;
import org.rlhf4j.model.generate.Generator;
import org.rlhf4j.model.generate.SamplingConfig;
import org.rlhf4j.tensor.Autograd;
import org.rlhf4j.train.rm.RewardScoring;

/**
 * The paper's rule for choosing the SFT checkpoint: the one whose completions of held-out
 * prompts a reward model scores highest on average (validation loss keeps falling past the
 * point where outputs stop improving). Completions are greedy, so the score is deterministic.
 */
public record RewardSelection(ScalarHeadModel rewardModel, List<int[]> prompts, int maxNewTokens, int[] stopTokenIds) {
    static final int BATCH = 16;

    /** Mean reward of the policy's greedy completions of the held-out prompts. */
    public double meanScore(TransformerModel policy) {
        double sum = 0;
        try (var ignored = Autograd.noGrad()) {
            Generator generator = new Generator(policy);
            for (int from = 0; from < prompts.size(); from += BATCH) {
                List<int[]> batch = prompts.subList(from, Math.min(prompts.size(), from + BATCH));
                Generation g = generator.generate(batch, SamplingConfig.greedy(maxNewTokens, stopTokenIds));
                List<int[]> sequences = new ArrayList<>();
                for (int i = 0; i < batch.size(); i++) {
                    int[] p = batch.get(i);
                    int[] seq = java.util.Arrays.copyOf(p, p.length + g.tokens()[i].length);
                    System.arraycopy(g.tokens()[i], 0, seq, p.length, g.tokens()[i].length);
                    sequences.add(seq);
                }
                for (float r : RewardScoring.rewards(rewardModel, sequences).data()) {
                    sum += r;
                }
            }
        }
        return sum / prompts.size();
    }
}
