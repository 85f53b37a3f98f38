package org.rlhf4j.train.rm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.rlhf4j.tensor.Tensor;

class KWiseRankingLossTest {
    private static double logSigmoid(double x) {
        return -Math.log1p(Math.exp(-x));
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    @Test
    void pairwiseIsTheBradleyTerryLoss() {
        Tensor r = Tensor.parameter("r", new float[] {0.7f, -0.4f}, 2);
        var res = KWiseRankingLoss.compute(r, List.of(new RankedPairs.Prompt(0, 2, List.of(new int[] {0, 1}))));
        assertEquals(-logSigmoid(1.1), res.loss().item(), 1e-6);
        res.loss().backward();
        // d/dr_w = -(1 - sigmoid(d)), d/dr_l = +(1 - sigmoid(d))
        assertEquals(-(1 - sigmoid(1.1)), r.grad()[0], 1e-6);
        assertEquals(1 - sigmoid(1.1), r.grad()[1], 1e-6);
        assertEquals(1.0, res.accuracy());
    }

    /**
     * A batch of three prompts: K=3 fully ranked [1, 0, 2], K=4 with a tie [[2], [0, 3], [1]],
     * and K=2 ranked wrongly by the rewards. Values and gradients computed by hand.
     */
    @Test
    void batchOfK2ToK4WithTiesMatchesHandComputation() {
        float[] values = {0.5f, 1.5f, -0.5f, /* K=4 */ 0.2f, -1.0f, 2.0f, 0.3f, /* K=2 */ -0.3f, 0.9f};
        Tensor r = Tensor.parameter("r", values.clone(), 9);
        var k3 = new RankedPairs.Prompt(0, 3, List.of(new int[] {1, 0}, new int[] {1, 2}, new int[] {0, 2}));
        var k4 = new RankedPairs.Prompt(3, 4, List.of(new int[] {2, 0}, new int[] {2, 3}, new int[] {2, 1},
                new int[] {0, 1}, new int[] {3, 1}));
        var k2 = new RankedPairs.Prompt(7, 2, List.of(new int[] {0, 1}));
        var res = KWiseRankingLoss.compute(r, List.of(k3, k4, k2));

        double p3 = -(logSigmoid(1.5 - 0.5) + logSigmoid(1.5 + 0.5) + logSigmoid(0.5 + 0.5)) / 3;
        double p4 = -(logSigmoid(2.0 - 0.2) + logSigmoid(2.0 - 0.3) + logSigmoid(2.0 + 1.0) + logSigmoid(0.2 + 1.0)
                + logSigmoid(0.3 + 1.0)) / 6; // C(4,2) = 6 although ties leave 5 pairs
        double p2 = -logSigmoid(-0.3 - 0.9);
        assertEquals((p3 + p4 + p2) / 3, res.loss().item(), 1e-6);
        assertEquals(8.0 / 9, res.accuracy(), 1e-9, "every pair but the K=2 one is ordered right");

        res.loss().backward();
        // dL/dr_i = sum over pairs containing i of -(1 - sigmoid(m)) * (+1 winner / -1 loser) / (C(K,2) * prompts)
        double[] g = new double[9];
        addPair(g, values, 1, 0, 3);
        addPair(g, values, 1, 2, 3);
        addPair(g, values, 0, 2, 3);
        addPair(g, values, 5, 3, 6);
        addPair(g, values, 5, 6, 6);
        addPair(g, values, 5, 4, 6);
        addPair(g, values, 3, 4, 6);
        addPair(g, values, 6, 4, 6);
        addPair(g, values, 7, 8, 1);
        for (int i = 0; i < 9; i++) {
            assertEquals(g[i] / 3, r.grad()[i], 1e-6, "gradient of reward " + i);
        }
    }

    private static void addPair(double[] g, float[] r, int w, int l, int pairsNormaliser) {
        double s = 1 - sigmoid(r[w] - r[l]);
        g[w] -= s / pairsNormaliser;
        g[l] += s / pairsNormaliser;
    }
}
