package org.rlhf4j.tensor;

import static org.rlhf4j.tensor.GemmMicroKernel.MR;
import static org.rlhf4j.tensor.GemmMicroKernel.NR;

/**
 * Single-precision matrix multiply, BLAS-style: {@code C = op(A) * op(B)} or {@code C += ...},
 * where op is identity or transpose, on row-major arrays with leading dimensions.
 * Backward passes need all three forms: {@code nn} (A*B), {@code nt} (A*B^T, a linear layer
 * with HF's [out, in] weights) and {@code tn} (A^T*B, weight gradients).
 *
 * <p>Two paths: {@link PackedGemm} (packed panels and a register-blocked micro-kernel) for
 * everything with some size, and {@link SmallGemm} when M or N is tiny, where packing the big
 * operand would not pay for itself. The choice depends on the shape only.
 *
 * <p>Results are bit-identical for any thread count: work is split over output tiles only,
 * never over K.
 */
public final class Gemm {
    private Gemm() {}

    /** Below this many multiply-adds a thread hand-off costs more than it saves. */
    static final long PARALLEL_MIN = 1L << 16;

    /**
     * C[m x n] (+)= op(A)[m x k] * op(B)[k x n].
     *
     * @param transA A is stored as [k x m] (element (i,p) at aOff + p*lda + i)
     * @param transB B is stored as [n x k] (element (p,j) at bOff + j*ldb + p)
     * @param accumulate add into C instead of overwriting it
     */
    public static void gemm(boolean transA, boolean transB, int m, int n, int k,
                            float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                            float[] c, int cOff, int ldc, boolean accumulate) {
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) {
            if (!accumulate) {
                for (int i = 0; i < m; i++) {
                    java.util.Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0f);
                }
            }
            return;
        }
        // Dot products (the big operand runs along k) pay off for a larger small side than row
        // streaming does; see SmallGemm.
        if (m <= (transB ? SmallGemm.MAX_DOTS : SmallGemm.MAX_ROWS)) {
            smallM(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
        } else if (n <= (transA ? SmallGemm.MAX_ROWS : SmallGemm.MAX_DOTS)) {
            smallN(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
        } else {
            packed(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
        }
    }

    /** C[m x n] (+)= A[m x k] * B[k x n], all contiguous. */
    public static void nn(int m, int n, int k, float[] a, float[] b, float[] c, boolean accumulate) {
        gemm(false, false, m, n, k, a, 0, k, b, 0, n, c, 0, n, accumulate);
    }

    /** C[m x n] (+)= A[m x k] * B^T where B is [n x k], all contiguous. */
    public static void nt(int m, int n, int k, float[] a, float[] b, float[] c, boolean accumulate) {
        gemm(false, true, m, n, k, a, 0, k, b, 0, k, c, 0, n, accumulate);
    }

    /** C[m x n] (+)= A^T * B where A is [k x m] and B is [k x n], all contiguous. */
    public static void tn(int m, int n, int k, float[] a, float[] b, float[] c, boolean accumulate) {
        gemm(true, false, m, n, k, a, 0, m, b, 0, n, c, 0, n, accumulate);
    }

    /**
     * The general path, split between threads over column strips or row panels, whichever
     * gives the smaller largest part (columns on a near tie: splitting rows would make every
     * thread pack all of B).
     */
    private static void packed(boolean transA, boolean transB, int m, int n, int k,
                               float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                               float[] c, int cOff, int ldc, boolean accumulate) {
        int strips = (n + NR - 1) / NR;
        int panels = (m + MR - 1) / MR;
        int t = (long) m * n * k < PARALLEL_MIN ? 1 : Parallel.threads();
        long largestN = (long) ceilDiv(strips, t) * NR * m;
        long largestM = (long) ceilDiv(panels, t) * MR * n;
        boolean splitN = largestM >= 0.9 * largestN;
        int units = splitN ? strips : panels;
        int parts = Math.max(1, Math.min(t, units));
        Parallel.forParts(parts, part -> {
            int u0 = (int) ((long) units * part / parts);
            int u1 = (int) ((long) units * (part + 1) / parts);
            if (splitN) {
                PackedGemm.multiply(transA, transB, 0, m, u0 * NR, Math.min(n, u1 * NR), k,
                        a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
            } else {
                PackedGemm.multiply(transA, transB, u0 * MR, Math.min(m, u1 * MR), 0, n, k,
                        a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
            }
        });
    }

    /**
     * M tiny (generation with a small batch): the rows of op(A), gathered contiguous along k
     * if A is stored transposed (m x k floats, a few KB), meet the big B in place.
     */
    private static void smallM(boolean transA, boolean transB, int m, int n, int k,
                               float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                               float[] c, int cOff, int ldc, boolean accumulate) {
        float[] x = a;
        int xOff = aOff;
        int ldx = lda;
        if (transA) {
            x = GemmBuffers.get().packedA(m * k);
            gatherColumns(a, aOff, lda, m, k, x);
            xOff = 0;
            ldx = k;
        }
        if (transB) {
            SmallGemm.dots(m, n, k, x, xOff, ldx, b, bOff, ldb, c, cOff, ldc, 1, accumulate);
        } else {
            SmallGemm.rows(m, n, k, x, xOff, ldx, b, bOff, ldb, c, cOff, ldc, 1, accumulate);
        }
    }

    /**
     * N tiny (a head with a few outputs): the same as {@link #smallM} on C^T = op(B)^T op(A)^T.
     * The columns of op(B) are the small rows; C is written transposed.
     */
    private static void smallN(boolean transA, boolean transB, int m, int n, int k,
                               float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                               float[] c, int cOff, int ldc, boolean accumulate) {
        float[] x = b;
        int xOff = bOff;
        int ldx = ldb;
        if (!transB) {
            x = GemmBuffers.get().packedA(n * k);
            gatherColumns(b, bOff, ldb, n, k, x);
            xOff = 0;
            ldx = k;
        }
        if (!transA) {
            SmallGemm.dots(n, m, k, x, xOff, ldx, a, aOff, lda, c, cOff, 1, ldc, accumulate);
        } else {
            SmallGemm.rows(n, m, k, x, xOff, ldx, a, aOff, lda, c, cOff, 1, ldc, accumulate);
        }
    }

    /** dst[j*k + p] = src[off + p*ld + j]: the first {@code cols} columns of a [k x ld] block, as rows. */
    private static void gatherColumns(float[] src, int off, int ld, int cols, int k, float[] dst) {
        for (int p = 0; p < k; p++) {
            int s = off + p * ld;
            for (int j = 0; j < cols; j++) {
                dst[j * k + p] = src[s + j];
            }
        }
    }

    private static int ceilDiv(int x, int y) {
        return (x + y - 1) / y;
    }
}
