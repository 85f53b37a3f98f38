package org.rlhf4j.model.generate;

/**
 * What a batch of prompts produced.
 *
 * @param tokens   the new tokens of each sequence, ending with the stop token when one came
 * @param logprobs log-probability of each new token under the model's distribution at the
 *                 sampling temperature (full vocabulary, before top-k / top-p), as PPO's
 *                 old log-probs; for greedy decoding, at temperature 1
 * @param stopped  whether each sequence ended with a stop token (false: cut at maxNewTokens)
 */
public record Generation(int[][] tokens, float[][] logprobs, boolean[] stopped) {
    public int size() {
        return tokens.length;
    }
}
