package org.rlhf4j.tensor.ops;

import org.rlhf4j.tensor.Parallel;

/**
 * How the ops split their work over {@link Parallel}: by rows or by elements, with a grain
 * large enough that a thread hand-off is worth it. Every split here gives each output
 * element to exactly one thread, so results do not depend on the thread count.
 */
final class Split {
    private Split() {}

    /** Elements a thread should get at least (below this, one thread is faster). */
    static final int MIN_ELEMENTS_PER_THREAD = 1 << 14;

    /** Runs {@code body} over row ranges of a [rows, cols] matrix. */
    static void rows(int rows, int cols, Parallel.RangeBody body) {
        Parallel.forRange(rows, Math.max(1, MIN_ELEMENTS_PER_THREAD / Math.max(1, cols)), body);
    }

    /** Runs {@code body} over element ranges of a flat array of {@code n} elements. */
    static void elements(int n, Parallel.RangeBody body) {
        Parallel.forRange(n, MIN_ELEMENTS_PER_THREAD, body);
    }

    /**
     * Runs {@code body} over column ranges of a [rows, cols] matrix: the split for sums over
     * rows (bias and weight gradients), so each column is summed in row order by one thread.
     */
    static void columns(int rows, int cols, Parallel.RangeBody body) {
        // Narrow column ranges would make threads share cache lines; keep at least 64 columns.
        int grain = Math.max(64, MIN_ELEMENTS_PER_THREAD / Math.max(1, rows));
        Parallel.forRange(cols, grain, body);
    }
}
