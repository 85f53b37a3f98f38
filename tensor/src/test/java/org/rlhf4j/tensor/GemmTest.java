package org.rlhf4j.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * GEMM against a double-precision reference: every variant, the packed and the small-M/N
 * paths, edge tiles, offsets and padded leading dimensions, overwrite vs accumulate, and
 * bit-identical results for any thread count.
 */
class GemmTest {
    /** Sizes around the tile edges (MR=4, NR=3*lanes) and the small-path limits (8, 32). */
    private static final int[] SIZES = {1, 2, 3, 4, 5, 7, 8, 9, 13, 16, 17, 24, 31, 32, 33, 47, 48, 49, 63, 64, 65, 97};

    /** Shapes that cross block boundaries: KC=256, MC=192, NC=2016, and the big vocab-like N. */
    private static final int[][] LARGE = {
        {130, 200, 300}, {300, 130, 257}, {260, 60, 70}, {9, 2100, 40}, {200, 9, 300},
        {8, 1000, 513}, {1, 700, 300}, {400, 1, 300}, {3, 5, 1000}, {1, 1, 1}, {1, 50, 1}, {50, 1, 1},
        {32, 333, 77}, {33, 200, 50}, {150, 32, 61},
    };

    /** The operands of one case, laid out with offsets and padded leading dimensions. */
    private record Case(boolean transA, boolean transB, int m, int n, int k,
                        float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                        int cOff, int ldc, int cSize) {

        static Case random(Rng rng, boolean transA, boolean transB, int m, int n, int k, boolean padded) {
            int aOff = padded ? rng.nextInt(5) : 0;
            int bOff = padded ? rng.nextInt(5) : 0;
            int cOff = padded ? rng.nextInt(5) : 0;
            int lda = (transA ? m : k) + (padded ? rng.nextInt(4) : 0);
            int ldb = (transB ? k : n) + (padded ? rng.nextInt(4) : 0);
            int ldc = n + (padded ? rng.nextInt(4) : 0);
            float[] a = new float[aOff + (transA ? k : m) * lda];
            float[] b = new float[bOff + (transB ? n : k) * ldb];
            rng.fillUniform(a, 0, a.length, -1f, 1f);
            rng.fillUniform(b, 0, b.length, -1f, 1f);
            return new Case(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, cOff, ldc, cOff + m * ldc + 3);
        }

        float opA(int i, int p) {
            return transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
        }

        float opB(int p, int j) {
            return transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
        }

        void run(float[] c, boolean accumulate) {
            Gemm.gemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
        }

        @Override
        public String toString() {
            return (transA ? "t" : "n") + (transB ? "t" : "n") + " m=" + m + " n=" + n + " k=" + k
                    + " lda=" + lda + " ldb=" + ldb + " ldc=" + ldc;
        }
    }

    /**
     * Runs one case with overwrite (C pre-filled with NaN, so any read of stale C shows) and with
     * accumulate (C pre-filled with values that must be added to), and checks every element
     * against the double reference; padding between rows of C must stay untouched.
     */
    private static void check(Case t, Rng rng) {
        float[] initial = new float[t.cSize];
        rng.fillUniform(initial, 0, initial.length, -2f, 2f);
        float[] over = new float[t.cSize];
        Arrays.fill(over, Float.NaN);
        t.run(over, false);
        float[] acc = initial.clone();
        t.run(acc, true);

        double tol = 2e-6 * Math.sqrt(t.k) + 1e-7;
        boolean[] inside = new boolean[t.cSize];
        for (int i = 0; i < t.m; i++) {
            for (int j = 0; j < t.n; j++) {
                double ref = 0;
                double mag = 0;
                for (int p = 0; p < t.k; p++) {
                    double prod = (double) t.opA(i, p) * t.opB(p, j);
                    ref += prod;
                    mag += Math.abs(prod);
                }
                int ci = t.cOff + i * t.ldc + j;
                inside[ci] = true;
                double bound = tol * (mag + 1e-30);
                if (!(Math.abs(over[ci] - ref) <= bound)) {
                    fail(t + " overwrite: C[" + i + "," + j + "]=" + over[ci] + " expected " + ref);
                }
                double refAcc = ref + initial[ci];
                if (!(Math.abs(acc[ci] - refAcc) <= bound + 1e-7 * Math.abs(initial[ci]))) {
                    fail(t + " accumulate: C[" + i + "," + j + "]=" + acc[ci] + " expected " + refAcc);
                }
            }
        }
        for (int x = 0; x < t.cSize; x++) {
            if (!inside[x]) {
                assertTrue(Float.isNaN(over[x]), t + ": wrote outside C at " + x);
                assertEquals(initial[x], acc[x], t + ": wrote outside C at " + x);
            }
        }
    }

    @Test
    void randomShapesAllVariants() {
        Rng rng = new Rng(1234);
        for (int trial = 0; trial < 240; trial++) {
            int m = SIZES[rng.nextInt(SIZES.length)];
            int n = SIZES[rng.nextInt(SIZES.length)];
            int k = SIZES[rng.nextInt(SIZES.length)];
            boolean transA = (trial & 1) != 0;
            boolean transB = (trial & 2) != 0;
            check(Case.random(rng, transA, transB, m, n, k, trial % 3 != 0), rng);
        }
    }

    @Test
    void largerShapesAllVariants() {
        Rng rng = new Rng(99);
        for (int[] s : LARGE) {
            for (int v = 0; v < 4; v++) {
                check(Case.random(rng, (v & 1) != 0, (v & 2) != 0, s[0], s[1], s[2], v != 0), rng);
            }
        }
    }

    @Test
    void contiguousHelpersMatchGemm() {
        Rng rng = new Rng(7);
        int m = 37, n = 53, k = 29;
        float[] a = new float[m * k];
        float[] b = new float[k * n];
        rng.fillUniform(a, 0, a.length, -1f, 1f);
        rng.fillUniform(b, 0, b.length, -1f, 1f);
        float[] at = transpose(a, m, k);
        float[] bt = transpose(b, k, n);

        float[] ref = new float[m * n];
        Gemm.gemm(false, false, m, n, k, a, 0, k, b, 0, n, ref, 0, n, false);
        double[] exact = reference(a, b, m, n, k);
        for (int x = 0; x < ref.length; x++) {
            assertEquals(exact[x], ref[x], 1e-4);
        }
        float[] c = new float[m * n];
        Gemm.nn(m, n, k, a, b, c, false);
        assertArrayEquals(ref, c);
        Gemm.nt(m, n, k, a, bt, c, false);
        assertClose(exact, c);
        Gemm.tn(m, n, k, at, b, c, false);
        assertClose(exact, c);
        Gemm.tn(m, n, k, at, b, c, true);
        for (int x = 0; x < c.length; x++) {
            assertEquals(2 * exact[x], c[x], 2e-4);
        }
    }

    @Test
    void zeroSizes() {
        float[] c = {5f, 5f, 5f, 5f};
        Gemm.gemm(false, false, 2, 2, 0, new float[0], 0, 0, new float[0], 0, 2, c, 0, 2, true);
        assertArrayEquals(new float[] {5f, 5f, 5f, 5f}, c);
        Gemm.gemm(false, false, 2, 2, 0, new float[0], 0, 0, new float[0], 0, 2, c, 0, 2, false);
        assertArrayEquals(new float[4], c);
        Gemm.gemm(false, false, 0, 2, 3, new float[0], 0, 3, new float[6], 0, 2, c, 0, 2, false);
        Gemm.gemm(false, false, 2, 0, 3, new float[6], 0, 3, new float[0], 0, 0, c, 0, 2, false);
    }

    @Test
    void bitIdenticalForAnyThreadCount() {
        int[][] shapes = {
            {130, 200, 300}, {300, 130, 257}, {64, 2500, 70}, {8, 700, 129}, {3, 900, 100},
            {500, 5, 130}, {400, 1, 77}, {97, 49, 600}, {20, 600, 100}, {600, 30, 90},
        };
        int saved = Parallel.threads();
        try {
            Rng rng = new Rng(5);
            List<Case> cases = new ArrayList<>();
            for (int[] s : shapes) {
                for (int v = 0; v < 4; v++) {
                    cases.add(Case.random(rng, (v & 1) != 0, (v & 2) != 0, s[0], s[1], s[2], true));
                }
            }
            for (Case t : cases) {
                float[] initial = new float[t.cSize];
                rng.fillUniform(initial, 0, initial.length, -1f, 1f);
                float[][] results = new float[3][];
                for (int threads = 1; threads <= 3; threads++) {
                    Parallel.setThreads(threads);
                    float[] c = initial.clone();
                    t.run(c, true);
                    t.run(c, false);
                    t.run(c, true);
                    results[threads - 1] = c;
                }
                assertArrayEquals(results[0], results[1], t + ": 1 vs 2 threads");
                assertArrayEquals(results[0], results[2], t + ": 1 vs 3 threads");
            }
        } finally {
            Parallel.setThreads(saved);
        }
    }

    private static float[] transpose(float[] x, int rows, int cols) {
        float[] t = new float[x.length];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                t[j * rows + i] = x[i * cols + j];
            }
        }
        return t;
    }

    private static double[] reference(float[] a, float[] b, int m, int n, int k) {
        double[] c = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    s += (double) a[i * k + p] * b[p * n + j];
                }
                c[i * n + j] = s;
            }
        }
        return c;
    }

    private static void assertClose(double[] expected, float[] actual) {
        for (int x = 0; x < actual.length; x++) {
            assertEquals(expected[x], actual[x], 1e-4, "element " + x);
        }
    }
}
