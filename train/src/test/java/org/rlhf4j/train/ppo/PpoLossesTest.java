package org.rlhf4j.train.ppo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.rlhf4j.tensor.Autograd;
import org.rlhf4j.tensor.GradCheck;
import org.rlhf4j.tensor.Tensor;

/** Every figure below is worked out by hand in the comments. */
class PpoLossesTest {
    private static final float[] LOGPS = {-1f, -2f, -0.5f};

    @Test
    void theKlPenaltyIsPaidAtEveryTokenAndTheScoreAtTheLast() {
        // -0.1 * (logp - ref) = -0.1 * [0.5, 0, 0.5]; score 2 at the last token
        float[][] r = PpoLosses.rewards(LOGPS, new float[] {-1.5f, -2f, -1f}, 2f, 0.1);
        assertArrayEquals(new float[] {-0.05f, 0f, 1.95f}, r[0], 1e-6f);
        assertArrayEquals(new float[] {-0.05f, 0f, -0.05f}, r[1], 1e-6f);
    }

    @Test
    void aResponseWithoutEosGetsThePenaltyInsteadOfItsScore() {
        assertEquals(2.5f, PpoLosses.score(2.5f, true, -1, 0));
        assertEquals(-1f, PpoLosses.score(2.5f, false, -1, 0), "cut off at response_length: the penalty, whatever the RM said");
        assertEquals(1.5f, PpoLosses.score(2.5f, true, -1, 1.5), "clipped");
        assertEquals(-1.5f, PpoLosses.score(-4f, true, -1, 1.5));
    }

    @Test
    void theMovingAverageOfThePolicy() {
        Tensor w = Tensor.parameter("w", new float[] {1f, -2f}, 2);
        PolicyEma ema = new PolicyEma(java.util.List.of(w), 0.5);
        w.data()[0] = 3f;
        ema.update(); // 0.5 * 1 + 0.5 * 3 = 2
        w.data()[0] = 5f;
        ema.update(); // 0.5 * 2 + 0.5 * 5 = 3.5
        assertArrayEquals(new float[] {3.5f, -2f}, ema.weights().getFirst().data());
        ema.copyIntoPolicy();
        assertArrayEquals(new float[] {3.5f, -2f}, w.data());
    }

    @Test
    void gaeByHand() {
        float[] rewards = {-0.05f, 0f, 1.95f};
        float[] values = {0.5f, 1.0f, 1.5f};
        // gamma 1, lambda 0.95: deltas 0.45, 0.5, 0.45 from the end:
        // A2 = 0.45, A1 = 0.5 + 0.95 * 0.45 = 0.9275, A0 = 0.45 + 0.95 * 0.9275 = 1.331125
        float[][] g = PpoLosses.gae(rewards, values, 1.0, 0.95);
        assertArrayEquals(new float[] {1.331125f, 0.9275f, 0.45f}, g[0], 1e-6f);
        assertArrayEquals(new float[] {1.831125f, 1.9275f, 1.95f}, g[1], 1e-6f);
        // gamma 0.9, lambda 0.5: deltas 0.35, 0.35, 0.45; A1 = 0.35 + 0.45 * 0.45, A0 = 0.35 + 0.45 * A1
        g = PpoLosses.gae(rewards, values, 0.9, 0.5);
        assertArrayEquals(new float[] {0.598625f, 0.5525f, 0.45f}, g[0], 1e-6f);
    }

    @Test
    void whiteningByHand() {
        // mean 2.5, unbiased variance 5/3, std 1.2909944
        float[] w = PpoLosses.whiten(new float[] {1, 2, 3, 4}, true);
        assertArrayEquals(new float[] {-1.161895f, -0.387298f, 0.387298f, 1.161895f}, w, 1e-5f);
        float[] kept = PpoLosses.whiten(new float[] {1, 2, 3, 4}, false);
        assertArrayEquals(new float[] {1.338105f, 2.112702f, 2.887298f, 3.661895f}, kept, 1e-5f);
    }

    @Test
    void policyLossByHand() {
        // ratios exp(0.2) = 1.2214, exp(-0.5) = 0.6065, 1; advantages 1, -2, 0.5; clip 0.2
        // token 0: max(-1.2214, -1.2) = -1.2 (clipped); token 1: max(1.2131, 1.6) = 1.6 (clipped); token 2: -0.5
        try (var g = Autograd.noGrad()) {
            PpoLosses.Result r = PpoLosses.policyLoss(Tensor.of(LOGPS.clone(), 3), new float[] {-1.2f, -1.5f, -0.5f},
                    new float[] {1f, -2f, 0.5f}, 0.2);
            assertEquals(-0.1 / 3, r.loss().item(), 1e-6);
            assertEquals(2.0 / 3, r.clipFraction(), 1e-12);
            assertEquals(0.5 * (0.04 + 0.25) / 3, r.approxKl(), 1e-6);
        }
    }

    @Test
    void valueLossByHand() {
        // values 1, 0, 2; old 0.8, 0.5, 2; returns 1.5, -1, 1; clip 0.2
        // token 0: clip(1.0) to [0.6, 1.0] = 1.0: 0.25 both; token 1: clip(0) = 0.3: max(1, 1.69) = 1.69 (clipped); token 2: 1
        try (var g = Autograd.noGrad()) {
            PpoLosses.Result r = PpoLosses.valueLoss(Tensor.of(new float[] {1f, 0f, 2f}, 3), new float[] {0.8f, 0.5f, 2f},
                    new float[] {1.5f, -1f, 1f}, 0.2);
            assertEquals(0.5 * (0.25 + 1.69 + 1) / 3, r.loss().item(), 1e-6);
            assertEquals(1.0 / 3, r.clipFraction(), 1e-12);
        }
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        // away from the clip boundaries, where the loss is not differentiable
        float[] old = {-1.1f, -1.9f, -0.45f, -3f};
        float[] advantages = {1f, -2f, 0.5f, -0.3f};
        GradCheck.check("policy loss", in -> PpoLosses.policyLoss(in[0], old, advantages, 0.2).loss(), 1e-3, 2e-2, 2e-3,
                Tensor.parameter("logps", new float[] {-1f, -2.3f, -0.5f, -2.9f}, 4));
        float[] oldValues = {0.8f, 0.5f, 2f, -1f};
        float[] returns = {1.5f, -1f, 1f, -0.5f};
        GradCheck.check("value loss", in -> PpoLosses.valueLoss(in[0], oldValues, returns, 0.2).loss(), 1e-3, 2e-2, 2e-3,
                Tensor.parameter("values", new float[] {0.9f, 0.05f, 2.1f, -1.4f}, 4));
    }

    @Test
    void theAdaptiveControllerMovesBetaTowardTheTargetKl() {
        // beta *= 1 + clip(kl / 6 - 1, -0.2, 0.2) * 64 / 10000
        AdaptiveKlController c = new AdaptiveKlController(0.1, 6, 10000);
        c.update(9, 64);
        assertEquals(0.1 * 1.00128, c.beta(), 1e-12);
        c.beta(0.1);
        c.update(3, 64);
        assertEquals(0.1 * 0.99872, c.beta(), 1e-12);
        c.beta(0.1);
        c.update(6.6, 64);
        assertEquals(0.1 * (1 + 0.1 * 64 / 10000), c.beta(), 1e-12);
    }
}
