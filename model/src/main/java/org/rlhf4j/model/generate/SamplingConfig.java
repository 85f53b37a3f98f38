package org.rlhf4j.model.generate;

/**
 * How to pick each new token.
 *
 * @param maxNewTokens most tokens generated per sequence
 * @param temperature  logits are divided by it before sampling (and before the returned
 *                     log-probs are taken, as PPO needs); ignored when greedy
 * @param topK         keep only the k most likely tokens (0: off)
 * @param topP         keep the smallest set of most likely tokens whose probability reaches p (1: off)
 * @param greedy       always take the most likely token
 * @param seed         sequence i of a batch samples from stream {@code seed + i}, so a prompt
 *                     gets the same tokens alone (with seed + i) as in the batch
 * @param stopTokenIds a sequence ends after producing any of these (usually the EOS ids);
 *                     empty: generate exactly maxNewTokens
 */
public record SamplingConfig(int maxNewTokens, float temperature, int topK, float topP, boolean greedy, long seed,
                             int[] stopTokenIds) {
    public SamplingConfig {
        if (maxNewTokens < 0) {
            throw new IllegalArgumentException("maxNewTokens must be >= 0, got " + maxNewTokens);
        }
        if (!greedy && !(temperature > 0)) {
            throw new IllegalArgumentException("temperature must be > 0 when sampling (use greedy for argmax), got " + temperature);
        }
        if (topK < 0) {
            throw new IllegalArgumentException("topK must be >= 0 (0 turns it off), got " + topK);
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("topP must be in (0, 1], got " + topP);
        }
        stopTokenIds = stopTokenIds == null ? new int[0] : stopTokenIds.clone();
    }

    /** Plain sampling at temperature 1, no truncation. */
    public static SamplingConfig sample(int maxNewTokens, long seed, int... stopTokenIds) {
        return new SamplingConfig(maxNewTokens, 1f, 0, 1f, false, seed, stopTokenIds);
    }

    /** Argmax decoding. */
    public static SamplingConfig greedy(int maxNewTokens, int... stopTokenIds) {
        return new SamplingConfig(maxNewTokens, 1f, 0, 1f, true, 0, stopTokenIds);
    }

    /** The same settings with another seed (a later batch of prompts continues the streams: seed + its first index). */
    public SamplingConfig withSeed(long newSeed) {
        return new SamplingConfig(maxNewTokens, temperature, topK, topP, greedy, newSeed, stopTokenIds);
    }

    boolean isStop(int token) {
        for (int s : stopTokenIds) {
            if (s == token) {
                return true;
            }
        }
        return false;
    }
}
