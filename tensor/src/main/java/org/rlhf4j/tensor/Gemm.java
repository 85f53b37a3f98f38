package org.rlhf4j.tensor;

/**
 * Single-precision matrix multiply, BLAS-style: {@code C = op(A) * op(B)} or {@code C += ...},
 * where op is identity or transpose, on row-major arrays with leading dimensions.
 * Backward passes need all three forms: {@code nn} (A*B), {@code nt} (A*B^T, a linear layer
 * with HF's [out, in] weights) and {@code tn} (A^T*B, weight gradients).
 *
 * <p>Results are bit-identical for any thread count: work is split over output tiles only,
 * never over K.
 */
public final class Gemm {
    private Gemm() {}

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
        Parallel.forRange(m, 1, (i0, i1) -> {
            float[] row = new float[n];
            for (int i = i0; i < i1; i++) {
                java.util.Arrays.fill(row, 0f);
                for (int p = 0; p < k; p++) {
                    float aip = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                    if (transB) {
                        for (int j = 0; j < n; j++) {
                            row[j] += aip * b[bOff + j * ldb + p];
                        }
                    } else {
                        Kernels.axpy(aip, b, bOff + p * ldb, row, 0, n);
                    }
                }
                int co = cOff + i * ldc;
                if (accumulate) {
                    Kernels.addInto(row, 0, c, co, n);
                } else {
                    System.arraycopy(row, 0, c, co, n);
                }
            }
        });
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
}
