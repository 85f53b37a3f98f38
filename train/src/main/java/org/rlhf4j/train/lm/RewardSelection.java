package org.rlhf4j.train.lm;

import java.util.List;
import org.rlhf4j.model.ScalarHeadModel;
import org.rlhf4j.model.TransformerModel;
import org.rlhf4j.model.generate.SamplingConfig;
import org.rlhf4j.train.rollout.Rollouts;

/**
 * The paper's rule for choosing the SFT checkpoint: the one whose completions of held-out
 * prompts a reward model scores highest on average (validation loss keeps falling past the
 * point where outputs stop improving). Completions are greedy, so the score is deterministic.
 */
public record RewardSelection(ScalarHeadModel rewardModel, List<int[]> prompts, int maxNewTokens, int[] stopTokenIds) {
    static final int BATCH = 16;

    /** Mean reward of the policy's greedy completions of the held-out prompts. */
    public double meanScore(TransformerModel policy) {
        return Rollouts.generateAndScore(policy, rewardModel, prompts, SamplingConfig.greedy(maxNewTokens, stopTokenIds),
                BATCH).meanScore();
    }
}
