package org.rlhf4j.train.dpo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rlhf4j.tensor.Autograd;
import org.rlhf4j.tensor.Tensor;
import org.rlhf4j.train.data.Ranking;
import org.rlhf4j.train.rm.RankedPairs;

class DpoLossTest {
    // three prompts: K = 2 (0 over 1), K = 3 with a tie (2 over 0 and 1), K = 4 in full order 3 > 1 > 0 > 2
    private static final float[] LOGPS = {-3.0f, -4.5f, -10.0f, -9.0f, -7.5f, -2.0f, -2.5f, -3.5f, -1.5f};
    private static final float[] REF = {-3.5f, -4.0f, -9.5f, -9.5f, -8.0f, -2.2f, -2.4f, -3.0f, -2.0f};

    private static List<RankedPairs.Prompt> prompts() {
        return List.of(new RankedPairs.Prompt(0, 2, Ranking.pairwise().pairs()),
                new RankedPairs.Prompt(2, 3, Ranking.of(3, new int[] {2}, new int[] {0, 1}).pairs()),
                new RankedPairs.Prompt(5, 4, Ranking.order(3, 1, 0, 2).pairs()));
    }

    private static double d(int i) {
        return LOGPS[i] - REF[i];
    }

    private static double logSigmoid(double x) {
        return -Math.log1p(Math.exp(-x));
    }

    /** The loss written out pair by pair, as the paper and TRL define it. */
    private static double byHand(double beta, double eps, boolean ipo) {
        int[][][] pairs = {{{0, 1}}, {{4, 2}, {4, 3}}, {{8, 6}, {8, 5}, {8, 7}, {6, 5}, {6, 7}, {5, 7}}};
        double[] perPrompt = {1, 3, 6};
        double total = 0;
        for (int p = 0; p < 3; p++) {
            double sum = 0;
            for (int[] pair : pairs[p]) {
                double h = d(pair[0]) - d(pair[1]);
                sum += ipo ? Math.pow(h - 1 / (2 * beta), 2)
                        : -(1 - eps) * logSigmoid(beta * h) - eps * logSigmoid(-beta * h);
            }
            total += sum / perPrompt[p];
        }
        return total / 3;
    }

    private static double loss(float[] logps, double beta, double eps, String type) {
        try (var g = Autograd.noGrad()) {
            return DpoLoss.compute(Tensor.of(logps.clone(), logps.length), REF, prompts(), beta, eps, type).loss().item();
        }
    }

    @Test
    void lossesMatchTheirDefinitionsPairByPair() {
        assertEquals(byHand(0.1, 0, false), loss(LOGPS, 0.1, 0, "sigmoid"), 1e-6);
        assertEquals(byHand(2.0, 0, false), loss(LOGPS, 2.0, 0, "sigmoid"), 1e-6);
        assertEquals(byHand(0.5, 0.2, false), loss(LOGPS, 0.5, 0.2, "sigmoid"), 1e-6);
        assertEquals(byHand(0.5, 0, true), loss(LOGPS, 0.5, 0, "ipo"), 1e-5);
        // K = 2 alone: -log sigmoid(0.1 * ((-3 + 3.5) - (-4.5 + 4))) = -log sigmoid(0.1) = 0.64440
        try (var g = Autograd.noGrad()) {
            double two = DpoLoss.compute(Tensor.of(new float[] {-3f, -4.5f}, 2), new float[] {-3.5f, -4f},
                    List.of(new RankedPairs.Prompt(0, 2, Ranking.pairwise().pairs())), 0.1, 0, "sigmoid").loss().item();
            assertEquals(0.644397, two, 1e-5);
        }
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        for (String type : new String[] {"sigmoid", "ipo"}) {
            double eps = type.equals("sigmoid") ? 0.1 : 0;
            Tensor logps = Tensor.parameter("logps", LOGPS.clone(), LOGPS.length);
            DpoLoss.compute(logps, REF, prompts(), 0.5, eps, type).loss().backward();
            float[] grad = logps.grad().clone();
            Autograd.clearTape();
            for (int i = 0; i < LOGPS.length; i++) {
                float[] up = LOGPS.clone();
                float[] down = LOGPS.clone();
                up[i] += 1e-2f;
                down[i] -= 1e-2f;
                double numeric = (loss(up, 0.5, eps, type) - loss(down, 0.5, eps, type)) / 2e-2;
                assertEquals(numeric, grad[i], 2e-3, type + " d loss / d logps[" + i + "]");
            }
        }
    }

    @Test
    void statisticsAreMeansOverPairs() {
        DpoLoss.Result r;
        try (var g = Autograd.noGrad()) {
            r = DpoLoss.compute(Tensor.of(LOGPS.clone(), LOGPS.length), REF, prompts(), 0.1, 0, "sigmoid");
        }
        int[][] pairs = {{0, 1}, {4, 2}, {4, 3}, {8, 6}, {8, 5}, {8, 7}, {6, 5}, {6, 7}, {5, 7}};
        assertEquals(9, r.pairs());
        double chosen = 0;
        double rejected = 0;
        int right = 0;
        List<Double> logpChosen = new ArrayList<>();
        for (int[] p : pairs) {
            chosen += 0.1 * d(p[0]) / 9;
            rejected += 0.1 * d(p[1]) / 9;
            right += d(p[0]) > d(p[1]) ? 1 : 0;
            logpChosen.add((double) LOGPS[p[0]]);
        }
        assertEquals(chosen, r.metrics().get("rewards/chosen"), 1e-6);
        assertEquals(rejected, r.metrics().get("rewards/rejected"), 1e-6);
        assertEquals(chosen - rejected, r.metrics().get("rewards/margins"), 1e-6);
        assertEquals(right / 9.0, r.metrics().get("rewards/accuracies"), 1e-9);
        assertEquals(logpChosen.stream().mapToDouble(x -> x).average().orElseThrow(), r.metrics().get("logps/chosen"), 1e-6);
    }

    @Test
    void badInputIsRefused() {
        Tensor logps = Tensor.of(LOGPS.clone(), LOGPS.length);
        assertThrows(IllegalArgumentException.class, () -> DpoLoss.compute(logps, new float[3], prompts(), 0.1, 0, "sigmoid"));
        assertThrows(IllegalArgumentException.class, () -> DpoLoss.compute(logps, REF, prompts(), 0.1, 0, "hinge"));
    }
}
