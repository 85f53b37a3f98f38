package org.rlhf4j.train.batch;

import org.rlhf4j.tensor.Rng;

/**
 * The order examples are visited in an epoch: a permutation that depends only on the seed
 * and the epoch, so a resumed run visits the same batches as an uninterrupted one.
 */
public final class EpochOrder {
    private EpochOrder() {}

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

    /** Example indices of batch {@code batch}: a slice of the epoch's permutation. */
    public static int[] batch(int size, int batchSize, long seed, int epoch, int batch) {
        int[] p = permutation(size, seed, epoch);
        int from = batch * batchSize;
        int to = Math.min(size, from + batchSize);
        return java.util.Arrays.copyOfRange(p, from, to);
    }

    public static int batches(int size, int batchSize) {
        return (size + batchSize - 1) / batchSize;
    }
}
