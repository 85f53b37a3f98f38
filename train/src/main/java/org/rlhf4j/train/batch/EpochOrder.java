package org.rlhf4j.train.batch;

import java.util.Arrays;
import org.rlhf4j.tensor.Rng;

/**
 * The order a dataset of {@code size} examples is visited in, {@code batchSize} at a time: each
 * epoch a permutation that depends only on the seed and the epoch, so a resumed run visits the
 * same batches as an uninterrupted one. The current epoch's permutation is kept, so a batch
 * costs its own size, not the dataset's.
 */
public final class EpochOrder {
    private final int size;
    private final int batchSize;
    private final long seed;
    private int cachedEpoch = -1;
    private int[] cached;

    public EpochOrder(int size, int batchSize, long seed) {
        this.size = size;
        this.batchSize = batchSize;
        this.seed = seed;
    }

    /** Batches per epoch (the last may be short). */
    public int batches() {
        return (size + batchSize - 1) / batchSize;
    }

    /** Example indices of batch {@code batch} of epoch {@code epoch}: a slice of the epoch's permutation. */
    public int[] batch(int epoch, int batch) {
        if (epoch != cachedEpoch) {
            cached = permutation(size, seed, epoch);
            cachedEpoch = epoch;
        }
        int from = batch * batchSize;
        return Arrays.copyOfRange(cached, from, Math.min(size, from + batchSize));
    }

    /** A seeded Fisher-Yates shuffle of 0..size-1 for one epoch. */
    public static int[] permutation(int size, long seed, int epoch) {
        int[] p = new int[size];
        for (int i = 0; i < size; i++) {
            p[i] = i;
        }
        Rng rng = new Rng(seed).fork(1000L + epoch);
        for (int i = size - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int tmp = p[i];
            p[i] = p[j];
            p[j] = tmp;
        }
        return p;
    }
}
