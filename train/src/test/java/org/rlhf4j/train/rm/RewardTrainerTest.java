package org.rlhf4j.train.rm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.rlhf4j.model.ScalarHeadModel;
import org.rlhf4j.model.TinyModels;
import org.rlhf4j.tensor.Autograd;
import org.rlhf4j.tensor.Tensor;
import org.rlhf4j.train.data.Ranking;
import org.rlhf4j.train.data.TestComparisons;
import org.rlhf4j.train.data.TokenizedComparison;

class RewardTrainerTest {
    @Test
    void eachResponseIsForwardedOncePerPromptWhateverItsNumberOfPairs() {
        ScalarHeadModel rm = ScalarHeadModel.fromCausalLm(TinyModels.randomModel(TinyModels.gpt2(), true, 1), 2);
        List<TokenizedComparison> batch = List.of(TestComparisons.of(4, Ranking.order(3, 1, 0, 2), 1),
                TestComparisons.of(3, Ranking.of(3, new int[] {2}, new int[] {0, 1}), 2), TestComparisons.of(2, Ranking.pairwise(), 3));
        RewardTrainer task = new RewardTrainer(rm, null, batch, List.of(), 3, 0);
        long before = rm.body().sequencesForwarded();
        task.step(0, 0, 1f);
        assertEquals(4 + 3 + 2, rm.body().sequencesForwarded() - before,
                "9 responses, 6 + 2 + 1 = 9 pairs: one forward row per response, not two per pair");
    }

    @Test
    void lossIsTheKWiseLossOfTheRewardsAtTheLastTokens() {
        ScalarHeadModel rm = ScalarHeadModel.fromCausalLm(TinyModels.randomModel(TinyModels.llamaTied(), true, 1), 2);
        TokenizedComparison c = TestComparisons.of(3, Ranking.order(2, 0, 1), 4);
        RewardTrainer task = new RewardTrainer(rm, null, List.of(c), List.of(), 1, 0);
        double[] r = new double[3];
        try (var g = Autograd.noGrad()) {
            for (int i = 0; i < 3; i++) {
                int[] s = c.sequences()[i];
                int[] pos = new int[s.length];
                for (int j = 0; j < s.length; j++) {
                    pos[j] = j;
                }
                Tensor v = rm.values(s, 1, s.length, pos, null);
                r[i] = v.data()[s.length - 1];
            }
            double expected = -(logSigmoid(r[2] - r[0]) + logSigmoid(r[2] - r[1]) + logSigmoid(r[0] - r[1])) / 3;
            assertEquals(expected, task.lossOf(List.of(c)).loss().item(), 1e-5);
        }
    }

    private static double logSigmoid(double x) {
        return -Math.log1p(Math.exp(-x));
    }
}
