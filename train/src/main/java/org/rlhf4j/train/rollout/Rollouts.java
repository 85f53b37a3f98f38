package org.rlhf4j.train.rollout;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.rlhf4j.model.ScalarHeadModel;
import org.rlhf4j.model.TransformerModel;
import org.rlhf4j.model.generate.Generation;
import org.rlhf4j.model.generate.Generator;
import org.rlhf4j.model.generate.SamplingConfig;
import org.rlhf4j.tensor.Autograd;
import org.rlhf4j.train.rm.RewardScoring;

/**
 * Rollouts: a policy completes prompts (batched KV-cache generation), then a reward model scores
 * each prompt + completion (its stored normalisation bias included). SFT's checkpoint choice uses
 * it; PPO and evaluation build on it.
 */
public final class Rollouts {
    private Rollouts() {}

    /**
     * Completions and their scores, in the prompts' order.
     *
     * @param responses the new tokens of each prompt, ending with the stop token when one came
     * @param logprobs  each new token's log-probability under the policy (see {@link Generation#logprobs})
     * @param stopped   whether each completion ended with a stop token
     * @param scores    the reward model's score of prompt + response
     */
    public record Scored(List<int[]> prompts, int[][] responses, float[][] logprobs, boolean[] stopped, float[] scores) {
        public double meanScore() {
            double sum = 0;
            for (float s : scores) {
                sum += s;
            }
            return scores.length == 0 ? Double.NaN : sum / scores.length;
        }

        /** Prompt i followed by its response. */
        public int[] sequence(int i) {
            int[] p = prompts.get(i);
            int[] seq = Arrays.copyOf(p, p.length + responses[i].length);
            System.arraycopy(responses[i], 0, seq, p.length, responses[i].length);
            return seq;
        }
    }

    /**
     * Generates for {@code prompts} in batches of {@code batchSize}, then scores, all without
     * gradients. Prompt i samples from stream {@code sampling.seed() + i}, so the batch size
     * changes nothing but speed.
     */
    public static Scored generateAndScore(TransformerModel policy, ScalarHeadModel rewardModel, List<int[]> prompts,
                                          SamplingConfig sampling, int batchSize) {
        int n = prompts.size();
        int[][] responses = new int[n][];
        float[][] logprobs = new float[n][];
        boolean[] stopped = new boolean[n];
        float[] scores = new float[n];
        try (var ignored = Autograd.noGrad()) {
            Generator generator = new Generator(policy);
            for (int from = 0; from < n; from += batchSize) {
                List<int[]> batch = prompts.subList(from, Math.min(n, from + batchSize));
                // prompt i samples from stream seed + i however the prompts are batched
                Generation g = generator.generate(batch, sampling.withSeed(sampling.seed() + from));
                for (int i = 0; i < batch.size(); i++) {
                    responses[from + i] = g.tokens()[i];
                    logprobs[from + i] = g.logprobs()[i];
                    stopped[from + i] = g.stopped()[i];
                }
            }
            Scored scored = new Scored(List.copyOf(prompts), responses, logprobs, stopped, scores);
            for (int from = 0; from < n; from += batchSize) {
                List<int[]> sequences = new ArrayList<>();
                for (int i = from; i < Math.min(n, from + batchSize); i++) {
                    sequences.add(scored.sequence(i));
                }
                float[] r = RewardScoring.rewards(rewardModel, sequences).data();
                System.arraycopy(r, 0, scores, from, r.length);
            }
            return scored;
        }
    }
}
