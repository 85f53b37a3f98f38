package org.rlhf4j.train.data;

import java.util.Objects;

/**
 * A tokenized demonstration: the whole sequence the model reads, and which tokens the SFT
 * loss is taken on. Prompt tokens are context only: learning to produce them would teach
 * the model to imitate users rather than answer them.
 *
 * @param ids      token ids
 * @param lossMask per token, whether the model is trained to predict it
 */
public record SftExample(int[] ids, boolean[] lossMask, Source source) {
    public SftExample {
        Objects.requireNonNull(ids, "ids");
        Objects.requireNonNull(lossMask, "lossMask");
        Objects.requireNonNull(source, "source");
        if (ids.length != lossMask.length) {
            throw new IllegalArgumentException(ids.length + " ids but " + lossMask.length + " mask entries");
        }
    }

    public int length() {
        return ids.length;
    }

    /** Number of tokens the loss is taken on. */
    public int lossTokens() {
        int n = 0;
        for (boolean b : lossMask) {
            n += b ? 1 : 0;
        }
        return n;
    }
}
