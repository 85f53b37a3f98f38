package org.rlhf4j.tensor;

import static org.rlhf4j.tensor.GemmMicroKernel.MR;
import static org.rlhf4j.tensor.GemmMicroKernel.NR;

/**
 * The general GEMM path, in the BLIS loop order: for each NC-wide block of columns and each
 * KC-deep slice of k, pack B once into L2/L3-sized panels; for each MC-tall block of rows,
 * pack A into an L2-sized block; then sweep micro-tiles, B panel outer (it stays in L1 while
 * the A panels stream past).
 *
 * <p>Block sizes, measured on AVX-512 with the 4 x 48 tile: KC makes one B panel (KC x NR)
 * 24 KB, half of a 48 KB L1, so it stays there while A panels stream past (KC=128; a 48 KB
 * panel at KC=256 ran about 20% slower); MC=192 keeps the A block in L2; NC=2016 keeps the
 * packed B block (1 MB) in L2/L3.
 */
final class PackedGemm {
    private PackedGemm() {}

    static final int KC = Math.max(32, (24 * 1024 / Float.BYTES) / NR);
    static final int MC = 192 / MR * MR;
    static final int NC = Math.max(NR, 2016 / NR * NR);

    /**
     * {@code C[m0..m1) x [n0..n1) (+)= op(A) * op(B)} on the calling thread. The first k slice
     * overwrites C unless {@code accumulate}; later slices add, so stale C is never read.
     * Every element goes through the same sequence of operations whatever the sub-rectangle,
     * which makes the result independent of how callers split C between threads.
     */
    static void multiply(boolean transA, boolean transB, int m0, int m1, int n0, int n1, int k,
                         float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                         float[] c, int cOff, int ldc, boolean accumulate) {
        GemmBuffers buffers = GemmBuffers.get();
        int kcMax = Math.min(KC, k);
        float[] bp = buffers.packedB(GemmBuffers.B_PAD + kcMax * roundUp(Math.min(NC, n1 - n0), NR));
        float[] ap = buffers.packedA(kcMax * roundUp(Math.min(MC, m1 - m0), MR));
        float[] scratch = buffers.tile;
        for (int jc = n0; jc < n1; jc += NC) {
            int nc = Math.min(NC, n1 - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                boolean add = accumulate || pc > 0;
                GemmPacking.packB(transB, b, bOff, ldb, pc, kc, jc, nc, bp, GemmBuffers.B_PAD);
                for (int ic = m0; ic < m1; ic += MC) {
                    int mc = Math.min(MC, m1 - ic);
                    GemmPacking.packA(transA, a, aOff, lda, ic, mc, pc, kc, ap);
                    sweep(kc, ap, mc, bp, nc, c, cOff + ic * ldc + jc, ldc, add, scratch);
                }
            }
        }
    }

    /** All micro-tiles of one packed mc x nc block. */
    private static void sweep(int kc, float[] ap, int mc, float[] bp, int nc,
                              float[] c, int co, int ldc, boolean add, float[] scratch) {
        for (int j = 0; j < nc; j += NR) {
            int cols = Math.min(NR, nc - j);
            int bo = GemmBuffers.B_PAD + j * kc; // panel j/NR starts at (j/NR)*NR*kc
            for (int i = 0; i < mc; i += MR) {
                int rows = Math.min(MR, mc - i);
                int ao = i * kc;
                int ct = co + i * ldc + j;
                if (rows == MR && cols == NR) {
                    GemmMicroKernel.tile(kc, ap, ao, bp, bo, c, ct, ldc, add);
                } else {
                    GemmMicroKernel.edgeTile(kc, ap, ao, bp, bo, c, ct, ldc, rows, cols, add, scratch);
                }
            }
        }
    }

    static int roundUp(int x, int multiple) {
        return (x + multiple - 1) / multiple * multiple;
    }
}
