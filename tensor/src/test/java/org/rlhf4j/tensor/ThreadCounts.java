package org.rlhf4j.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.function.Supplier;

/** Runs a computation with 1, 2 and 3 threads and asserts every result array is bit-identical. */
public final class ThreadCounts {
    private ThreadCounts() {}

    public static void assertSameBits(Supplier<float[][]> computation) {
        int saved = Parallel.threads();
        try {
            float[][] first = null;
            for (int threads : new int[] {1, 2, 3}) {
                Parallel.setThreads(threads);
                float[][] got = computation.get();
                if (first == null) {
                    first = got;
                    continue;
                }
                for (int i = 0; i < got.length; i++) {
                    assertArrayEquals(first[i], got[i], "result array " + i + " with " + threads + " threads");
                }
            }
        } finally {
            Parallel.setThreads(saved);
        }
    }
}
