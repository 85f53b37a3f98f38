package org.rlhf4j.model;

/** Keys and values of the tokens seen so far, per layer, for {@code batch} sequences. */
public final class KvCache {
    private final int batch;
    private final int capacity;
    private int length;

    KvCache(int batch, int capacity) {
        this.batch = batch;
        this.capacity = capacity;
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
}
