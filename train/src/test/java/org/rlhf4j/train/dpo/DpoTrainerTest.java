package org.rlhf4j.train.dpo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rlhf4j.model.TinyModels;
import org.rlhf4j.model.TransformerModel;
import org.rlhf4j.tensor.Autograd;
import org.rlhf4j.train.batch.LmBatch;
import org.rlhf4j.train.config.DpoConfig;
import org.rlhf4j.train.data.Ranking;
import org.rlhf4j.train.data.TestComparisons;
import org.rlhf4j.train.data.TokenizedComparison;
import org.rlhf4j.train.lm.ResponseLogProbs;
import org.rlhf4j.train.lm.CausalLmLoss;

class DpoTrainerTest {
    @Test
    void eachResponseIsForwardedOncePerPromptWhateverItsNumberOfPairs() {
        TransformerModel model = TinyModels.randomModel(TinyModels.gpt2(), true, 1);
        List<TokenizedComparison> batch = List.of(TestComparisons.of(4, Ranking.order(3, 1, 0, 2), 1),
                TestComparisons.of(3, Ranking.of(3, new int[] {2}, new int[] {0, 1}), 2), TestComparisons.of(2, Ranking.pairwise(), 3));
        DpoConfig c = new DpoConfig();
        c.batchSize = 3;
        float[] flat = DpoTrainer.referenceLogps(model, batch, 3);
        float[][] ref = {java.util.Arrays.copyOfRange(flat, 0, 4), java.util.Arrays.copyOfRange(flat, 4, 7),
            java.util.Arrays.copyOfRange(flat, 7, 9)};
        DpoTrainer trainer = new DpoTrainer(model, null, batch, List.of(), ref, new float[0][], c);
        long before = model.sequencesForwarded();
        DpoLoss.Result r = trainer.lossOf(batch, ref, new int[] {0, 1, 2});
        assertEquals(4 + 3 + 2, model.sequencesForwarded() - before,
                "9 responses, 6 + 2 + 1 = 9 pairs: one forward row per response, not two per pair");
        assertEquals(9, r.pairs());
        // the policy is still the reference: every pair costs log 2, weighted 1/C(K,2) (the tie leaves 2 of 3 pairs)
        assertEquals((1 + 2.0 / 3 + 1) / 3 * Math.log(2), r.loss().item(), 1e-5);
        assertEquals(0.0, r.metrics().get("rewards/margins"), 1e-6);
    }

    @Test
    void sequenceLogProbsAreTheResponseTokensSummed() {
        TransformerModel model = TinyModels.randomModel(TinyModels.llamaTied(), true, 1);
        List<int[]> sequences = List.of(new int[] {1, 5, 9, 2, 7}, new int[] {3, 4}, new int[] {8, 8, 8, 1});
        int[] promptLengths = {2, 1, 3};
        float[] logps;
        try (var g = Autograd.noGrad()) {
            logps = ResponseLogProbs.perSequence(model, sequences, promptLengths).data();
            for (int i = 0; i < sequences.size(); i++) {
                int[] s = sequences.get(i);
                boolean[] mask = new boolean[s.length];
                for (int j = promptLengths[i]; j < s.length; j++) {
                    mask[j] = true;
                }
                CausalLmLoss.Total alone = CausalLmLoss.total(model, LmBatch.of(List.of(s), List.of(mask)));
                assertEquals(s.length - promptLengths[i], alone.tokens());
                assertEquals(-alone.nll(), logps[i], 1e-4, "sequence " + i);
            }
        }
    }
}
