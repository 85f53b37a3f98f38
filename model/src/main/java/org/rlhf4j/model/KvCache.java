package org.rlhf4j.model;

/**
 * Keys and values of the tokens seen so far, per layer, for {@code batch} sequences: one
 * preallocated [batch, capacity, kvDim] array per layer for keys and one for values, so a
 * generation step writes its new rows in place and allocates nothing that grows with the
 * sequence. Inference only: cached rows carry no gradient.
 */
public final class KvCache {
    private final int batch;
    private final int capacity;
    private final int kvDim;
    private final float[][] keys;
    private final float[][] values;
    private int length;

    KvCache(int batch, int capacity, int numLayers, int kvDim) {
        if (batch <= 0 || capacity <= 0) {
            throw new IllegalArgumentException("KV cache needs a positive batch and capacity, got batch " + batch
                    + " and capacity " + capacity);
        }
        this.batch = batch;
        this.capacity = capacity;
        this.kvDim = kvDim;
        this.keys = new float[numLayers][batch * capacity * kvDim];
        this.values = new float[numLayers][batch * capacity * kvDim];
    }

    public int batch() {
        return batch;
    }

    /** Most tokens a sequence may hold. */
    public int capacity() {
        return capacity;
    }

    /** Tokens cached per sequence so far. */
    public int length() {
        return length;
    }

    /** Forgets every cached token (the arrays are reused). */
    public void clear() {
        length = 0;
    }

    /** Checks that {@code seqLen} more tokens of {@code batchSize} sequences fit. */
    void requireRoom(int batchSize, int seqLen) {
        if (batchSize != batch) {
            throw new IllegalArgumentException("KV cache holds " + batch + " sequences, forward was given " + batchSize);
        }
        if (length + seqLen > capacity) {
            throw new IllegalArgumentException("KV cache of " + capacity + " tokens is full: it holds " + length
                    + " and " + seqLen + " more were given");
        }
    }

    /** Stores the new rows of one layer ([batch, seqLen, kvDim] each) after the cached ones. */
    void append(int layer, float[] newKeys, float[] newValues, int seqLen) {
        int rowBlock = seqLen * kvDim;
        for (int b = 0; b < batch; b++) {
            int cacheBase = (b * capacity + length) * kvDim;
            System.arraycopy(newKeys, b * rowBlock, keys[layer], cacheBase, rowBlock);
            System.arraycopy(newValues, b * rowBlock, values[layer], cacheBase, rowBlock);
        }
    }

    /** One layer's keys, [batch, capacity, kvDim]; attention reads the first length() + new rows in place. */
    float[] keys(int layer) {
        return keys[layer];
    }

    float[] values(int layer) {
        return values[layer];
    }

    /** Called once every layer has appended: the new tokens now count as cached. */
    void advance(int seqLen) {
        length += seqLen;
    }

    @Override
    public String toString() {
        return "KvCache[batch=" + batch + " length=" + length + "/" + capacity + " layers=" + keys.length + "]";
    }
}
