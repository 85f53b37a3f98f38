package org.rlhf4j.train.rollout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rlhf4j.model.ScalarHeadModel;
import org.rlhf4j.model.TinyModels;
import org.rlhf4j.model.TransformerModel;
import org.rlhf4j.model.generate.SamplingConfig;
import org.rlhf4j.tensor.Autograd;
import org.rlhf4j.train.rm.RewardScoring;

class RolloutsTest {
    @Test
    void eachCompletionIsScoredWithItsPromptWhateverTheBatching() {
        TransformerModel policy = TinyModels.randomModel(TinyModels.gpt2(), true, 1);
        ScalarHeadModel rm = ScalarHeadModel.fromCausalLm(TinyModels.randomModel(TinyModels.gpt2(), true, 2), 3);
        rm.rewardBias(0.5f);
        List<int[]> prompts = List.of(new int[] {1, 2, 3}, new int[] {4}, new int[] {5, 6}, new int[] {7, 8, 9, 10}, new int[] {11});
        SamplingConfig sampling = SamplingConfig.sample(6, 42, 0);
        Rollouts.Scored all = Rollouts.generateAndScore(policy, rm, prompts, sampling, 5);
        Rollouts.Scored twoAtATime = Rollouts.generateAndScore(policy, rm, prompts, sampling, 2);
        List<int[]> sequences = new ArrayList<>();
        for (int i = 0; i < prompts.size(); i++) {
            int[] seq = all.sequence(i);
            assertArrayEquals(prompts.get(i), java.util.Arrays.copyOf(seq, prompts.get(i).length), "prompt first");
            assertTrue(all.responses()[i].length >= 1 && all.responses()[i].length <= 6);
            assertEquals(all.responses()[i].length, all.logprobs()[i].length);
            sequences.add(seq);
        }
        float[] expected;
        try (var g = Autograd.noGrad()) {
            expected = RewardScoring.rewards(rm, sequences).data();
        }
        for (int i = 0; i < prompts.size(); i++) {
            assertEquals(expected[i], all.scores()[i], 1e-5, "score " + i + " is the reward of prompt + response");
            assertArrayEquals(all.responses()[i], twoAtATime.responses()[i], "sampling is seeded per sequence");
            assertEquals(all.scores()[i], twoAtATime.scores()[i], 1e-5);
        }
        double mean = 0;
        for (float s : expected) {
            mean += s / expected.length;
        }
        assertEquals(mean, all.meanScore(), 1e-5);
    }
}
