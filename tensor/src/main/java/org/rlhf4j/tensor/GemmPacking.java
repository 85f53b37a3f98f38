package org.rlhf4j.tensor;

import static org.rlhf4j.tensor.GemmMicroKernel.F;
import static org.rlhf4j.tensor.GemmMicroKernel.LANES;
import static org.rlhf4j.tensor.GemmMicroKernel.MR;
import static org.rlhf4j.tensor.GemmMicroKernel.NR;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;

/**
 * Copies blocks of A and B into the k-major panels the micro-kernel reads: A as MR-row panels,
 * B as NR-column panels. Packing reads each layout (plain or transposed) directly, so the
 * transposed variants cost one strided copy of a block instead of a transpose of a whole
 * matrix. Rows/columns past the edge of a block are zero, so edge tiles can run the full
 * kernel.
 */
final class GemmPacking {
    private GemmPacking() {}

    /**
     * Packs op(A)[i0 .. i0+mc) x [p0 .. p0+kc) into ceil(mc/MR) panels of MR x kc, panel q at
     * {@code dst[q*MR*kc ..]}, element (r, p) at {@code q*MR*kc + p*MR + r}.
     */
    static void packA(boolean transA, float[] a, int aOff, int lda, int i0, int mc, int p0, int kc, float[] dst) {
        for (int q = 0, base = 0; q * MR < mc; q++, base += MR * kc) {
            int rows = Math.min(MR, mc - q * MR);
            int first = i0 + q * MR;
            if (transA) {
                // A stored [k x m]: the MR values of one k are adjacent in memory.
                for (int p = 0; p < kc; p++) {
                    int src = aOff + (p0 + p) * lda + first;
                    int d = base + p * MR;
                    for (int r = 0; r < rows; r++) {
                        dst[d + r] = a[src + r];
                    }
                    for (int r = rows; r < MR; r++) {
                        dst[d + r] = 0f;
                    }
                }
            } else {
                // A stored [m x k]: read each row sequentially, write with stride MR.
                for (int r = 0; r < rows; r++) {
                    int src = aOff + (first + r) * lda + p0;
                    for (int p = 0; p < kc; p++) {
                        dst[base + p * MR + r] = a[src + p];
                    }
                }
                for (int r = rows; r < MR; r++) {
                    for (int p = 0; p < kc; p++) {
                        dst[base + p * MR + r] = 0f;
                    }
                }
            }
        }
    }

    /**
     * Packs op(B)[p0 .. p0+kc) x [j0 .. j0+nc) into ceil(nc/NR) panels of kc x NR, panel q at
     * {@code dst[q*NR*kc ..]}, element (p, j) at {@code q*NR*kc + p*NR + j}.
     */
    static void packB(boolean transB, float[] b, int bOff, int ldb, int p0, int kc, int j0, int nc, float[] dst, int dstBase) {
        if (!transB) {
            packRowMajorB(b, bOff, ldb, p0, kc, j0, nc, dst, dstBase);
            return;
        }
        for (int q = 0, base = dstBase; q * NR < nc; q++, base += NR * kc) {
            packTransposedPanel(b, bOff, ldb, p0, kc, j0 + q * NR, Math.min(NR, nc - q * NR), dst, base);
        }
    }

    /**
     * B stored [k x n]. Walks B row by row so that memory is read sequentially (the
     * prefetchers then stream it; a big B comes from DRAM once), scattering each row's NR-wide
     * pieces over the panels: three vector copies per piece.
     */
    private static void packRowMajorB(float[] b, int bOff, int ldb, int p0, int kc, int j0, int nc, float[] dst, int dstBase) {
        int full = nc / NR;
        int rest = nc - full * NR;
        int panelSize = NR * kc;
        for (int p = 0; p < kc; p++) {
            int src = bOff + (p0 + p) * ldb + j0;
            int d = dstBase + p * NR;
            for (int q = 0; q < full; q++, src += NR, d += panelSize) {
                FloatVector.fromArray(F, b, src).intoArray(dst, d);
                FloatVector.fromArray(F, b, src + LANES).intoArray(dst, d + LANES);
                FloatVector.fromArray(F, b, src + 2 * LANES).intoArray(dst, d + 2 * LANES);
            }
            if (rest > 0) {
                System.arraycopy(b, src, dst, d, rest);
                Arrays.fill(dst, d + rest, d + NR, 0f);
            }
        }
    }

    /**
     * B stored [n x k]: the kc values of one column are adjacent. Reads eight columns side by
     * side (eight sequential streams) and writes eight adjacent values of each panel row;
     * indices are written as base + p*stride so that C2 can hoist the bounds checks.
     */
    private static void packTransposedPanel(float[] b, int bOff, int ldb, int p0, int kc,
                                            int first, int cols, float[] dst, int base) {
        int j = 0;
        for (; j + 8 <= cols; j += 8) {
            int s0 = bOff + (first + j) * ldb + p0;
            int s1 = s0 + ldb, s2 = s1 + ldb, s3 = s2 + ldb;
            int s4 = s3 + ldb, s5 = s4 + ldb, s6 = s5 + ldb, s7 = s6 + ldb;
            int d0 = base + j;
            for (int p = 0; p < kc; p++) {
                int d = d0 + p * NR;
                dst[d] = b[s0 + p];
                dst[d + 1] = b[s1 + p];
                dst[d + 2] = b[s2 + p];
                dst[d + 3] = b[s3 + p];
                dst[d + 4] = b[s4 + p];
                dst[d + 5] = b[s5 + p];
                dst[d + 6] = b[s6 + p];
                dst[d + 7] = b[s7 + p];
            }
        }
        for (; j < cols; j++) {
            int s = bOff + (first + j) * ldb + p0;
            int d0 = base + j;
            for (int p = 0; p < kc; p++) {
                dst[d0 + p * NR] = b[s + p];
            }
        }
        if (cols < NR) {
            for (int p = 0; p < kc; p++) {
                int d = base + p * NR;
                Arrays.fill(dst, d + cols, d + NR, 0f);
            }
        }
    }
}
