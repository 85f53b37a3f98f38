package org.rlhf4j.tensor;

import static org.rlhf4j.tensor.GemmMicroKernel.F;
import static org.rlhf4j.tensor.GemmMicroKernel.LANES;
import static org.rlhf4j.tensor.GemmMicroKernel.MR;
import static org.rlhf4j.tensor.GemmMicroKernel.NR;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;

/**
 * GEMMs with one tiny side (M or N at most {@link #MAX}): token-by-token generation with a
 * batch of 1..8, a scalar head with one output. Packing the big operand would cost as much
 * as multiplying by it, so the big operand is read in place, once:
 * <ul>
 *   <li>{@link #dots}: when both operands run along k in memory (A*W^T with W [N x K]), each
 *       output is a dot product; a row of the big operand is loaded once and reused for every
 *       row of the small one.</li>
 *   <li>{@link #stream}: when the big operand is row-major [k x cols] (A*B), the small side is
 *       packed (a few KB) and the micro-kernel streams B down NR-wide strips.</li>
 * </ul>
 * Sums run in a different order than in the packed path (whole k at once, lanes summed in a
 * tree), so results agree with it to float rounding, not bit for bit; both are independent of
 * the thread count.
 */
final class SmallGemm {
    private SmallGemm() {}

    /** Largest M (or N) that takes these paths. */
    static final int MAX = 8;

    /** Shuffles that fold the upper half of the live lanes onto the lower half. */
    private static final VectorShuffle<Float>[] FOLD = folds();

    @SuppressWarnings("unchecked")
    private static VectorShuffle<Float>[] folds() {
        int steps = Integer.numberOfTrailingZeros(LANES);
        VectorShuffle<Float>[] f = new VectorShuffle[steps];
        for (int s = 0, half = LANES / 2; s < steps; s++, half /= 2) {
            f[s] = VectorShuffle.iota(F, half, 1, true);
        }
        return f;
    }

    // ------------------------------------------------------------------ dot products

    /**
     * out(s, l) (+)= sum_p S[s][p] * L[l][p] for s &lt; sRows (small) and l &lt; lRows (large),
     * rows of both contiguous along p. out(s, l) is at {@code cOff + s*cS + l*cL}.
     */
    static void dots(int sRows, int lRows, int k, float[] sm, int sOff, int lds,
                     float[] lg, int lOff, int ldl, float[] c, int cOff, int cS, int cL, boolean accumulate) {
        int tiles = (lRows + 2) / 3;
        int parts = parts(tiles, (long) sRows * lRows * k);
        Parallel.forParts(parts, part -> {
            int l0 = Math.min(lRows, tiles * part / parts * 3);
            int l1 = Math.min(lRows, tiles * (part + 1) / parts * 3);
            dotsRange(sRows, l0, l1, k, sm, sOff, lds, lg, lOff, ldl, c, cOff, cS, cL, accumulate);
        });
    }

    private static void dotsRange(int sRows, int l0, int l1, int k, float[] sm, int sOff, int lds,
                                  float[] lg, int lOff, int ldl, float[] c, int cOff, int cS, int cL,
                                  boolean accumulate) {
        float[] out = GemmBuffers.get().tile;
        int l = l0;
        for (; l + 3 <= l1; l += 3) {
            // Three rows of the big operand stay in L1 while every small row passes over them.
            int lo = lOff + l * ldl;
            int s = 0;
            for (; s + MR <= sRows; s += MR) {
                dot4x3(k, sm, sOff + s * lds, lds, lg, lo, ldl, out);
                for (int r = 0; r < MR; r++) {
                    for (int q = 0; q < 3; q++) {
                        put(c, cOff + (s + r) * cS + (l + q) * cL, out[r * 3 + q], accumulate);
                    }
                }
            }
            for (; s < sRows; s++) {
                dot1x3(k, sm, sOff + s * lds, lg, lo, ldl, out);
                for (int q = 0; q < 3; q++) {
                    put(c, cOff + s * cS + (l + q) * cL, out[q], accumulate);
                }
            }
        }
        for (; l < l1; l++) {
            for (int s = 0; s < sRows; s++) {
                float v = dot1x1(k, sm, sOff + s * lds, lg, lOff + l * ldl);
                put(c, cOff + s * cS + l * cL, v, accumulate);
            }
        }
    }

    private static void put(float[] c, int i, float v, boolean accumulate) {
        c[i] = accumulate ? c[i] + v : v;
    }

    /*
     * The three dot kernels below perform, per output, the identical sequence: lane-wise FMAs
     * over full vectors of k, one masked FMA for the tail, then a fixed tree over the lanes.
     * So an output's bits do not depend on which kernel (or thread) computed it.
     */

    private static void dot4x3(int k, float[] x, int xo, int ldx, float[] y, int yo, int ldy, float[] out) {
        FloatVector c00 = FloatVector.zero(F), c01 = FloatVector.zero(F), c02 = FloatVector.zero(F);
        FloatVector c10 = FloatVector.zero(F), c11 = FloatVector.zero(F), c12 = FloatVector.zero(F);
        FloatVector c20 = FloatVector.zero(F), c21 = FloatVector.zero(F), c22 = FloatVector.zero(F);
        FloatVector c30 = FloatVector.zero(F), c31 = FloatVector.zero(F), c32 = FloatVector.zero(F);
        int x1 = xo + ldx, x2 = x1 + ldx, x3 = x2 + ldx;
        int y1 = yo + ldy, y2 = y1 + ldy;
        int p = 0;
        for (int bound = F.loopBound(k); p < bound; p += LANES) {
            FloatVector b0 = FloatVector.fromArray(F, y, yo + p);
            FloatVector b1 = FloatVector.fromArray(F, y, y1 + p);
            FloatVector b2 = FloatVector.fromArray(F, y, y2 + p);
            FloatVector a = FloatVector.fromArray(F, x, xo + p);
            c00 = a.fma(b0, c00);
            c01 = a.fma(b1, c01);
            c02 = a.fma(b2, c02);
            a = FloatVector.fromArray(F, x, x1 + p);
            c10 = a.fma(b0, c10);
            c11 = a.fma(b1, c11);
            c12 = a.fma(b2, c12);
            a = FloatVector.fromArray(F, x, x2 + p);
            c20 = a.fma(b0, c20);
            c21 = a.fma(b1, c21);
            c22 = a.fma(b2, c22);
            a = FloatVector.fromArray(F, x, x3 + p);
            c30 = a.fma(b0, c30);
            c31 = a.fma(b1, c31);
            c32 = a.fma(b2, c32);
        }
        if (p < k) {
            VectorMask<Float> m = F.indexInRange(p, k);
            FloatVector b0 = FloatVector.fromArray(F, y, yo + p, m);
            FloatVector b1 = FloatVector.fromArray(F, y, y1 + p, m);
            FloatVector b2 = FloatVector.fromArray(F, y, y2 + p, m);
            FloatVector a = FloatVector.fromArray(F, x, xo + p, m);
            c00 = a.fma(b0, c00);
            c01 = a.fma(b1, c01);
            c02 = a.fma(b2, c02);
            a = FloatVector.fromArray(F, x, x1 + p, m);
            c10 = a.fma(b0, c10);
            c11 = a.fma(b1, c11);
            c12 = a.fma(b2, c12);
            a = FloatVector.fromArray(F, x, x2 + p, m);
            c20 = a.fma(b0, c20);
            c21 = a.fma(b1, c21);
            c22 = a.fma(b2, c22);
            a = FloatVector.fromArray(F, x, x3 + p, m);
            c30 = a.fma(b0, c30);
            c31 = a.fma(b1, c31);
            c32 = a.fma(b2, c32);
        }
        out[0] = sumLanes(c00);
        out[1] = sumLanes(c01);
        out[2] = sumLanes(c02);
        out[3] = sumLanes(c10);
        out[4] = sumLanes(c11);
        out[5] = sumLanes(c12);
        out[6] = sumLanes(c20);
        out[7] = sumLanes(c21);
        out[8] = sumLanes(c22);
        out[9] = sumLanes(c30);
        out[10] = sumLanes(c31);
        out[11] = sumLanes(c32);
    }

    private static void dot1x3(int k, float[] x, int xo, float[] y, int yo, int ldy, float[] out) {
        FloatVector c0 = FloatVector.zero(F), c1 = FloatVector.zero(F), c2 = FloatVector.zero(F);
        int y1 = yo + ldy, y2 = y1 + ldy;
        int p = 0;
        for (int bound = F.loopBound(k); p < bound; p += LANES) {
            FloatVector a = FloatVector.fromArray(F, x, xo + p);
            c0 = a.fma(FloatVector.fromArray(F, y, yo + p), c0);
            c1 = a.fma(FloatVector.fromArray(F, y, y1 + p), c1);
            c2 = a.fma(FloatVector.fromArray(F, y, y2 + p), c2);
        }
        if (p < k) {
            VectorMask<Float> m = F.indexInRange(p, k);
            FloatVector a = FloatVector.fromArray(F, x, xo + p, m);
            c0 = a.fma(FloatVector.fromArray(F, y, yo + p, m), c0);
            c1 = a.fma(FloatVector.fromArray(F, y, y1 + p, m), c1);
            c2 = a.fma(FloatVector.fromArray(F, y, y2 + p, m), c2);
        }
        out[0] = sumLanes(c0);
        out[1] = sumLanes(c1);
        out[2] = sumLanes(c2);
    }

    private static float dot1x1(int k, float[] x, int xo, float[] y, int yo) {
        FloatVector c0 = FloatVector.zero(F);
        int p = 0;
        for (int bound = F.loopBound(k); p < bound; p += LANES) {
            c0 = FloatVector.fromArray(F, x, xo + p).fma(FloatVector.fromArray(F, y, yo + p), c0);
        }
        if (p < k) {
            VectorMask<Float> m = F.indexInRange(p, k);
            c0 = FloatVector.fromArray(F, x, xo + p, m).fma(FloatVector.fromArray(F, y, yo + p, m), c0);
        }
        return sumLanes(c0);
    }

    /**
     * Sum of the lanes in a fixed tree. {@code reduceLanes(ADD)} leaves the order to the
     * implementation, and the interpreter and C2 do differ, which would make results depend
     * on which thread happened to run compiled code.
     */
    private static float sumLanes(FloatVector v) {
        for (VectorShuffle<Float> fold : FOLD) {
            v = v.add(v.rearrange(fold));
        }
        return v.lane(0);
    }

    // ------------------------------------------------------------------ streaming

    /**
     * out(r, j) (+)= sum_p X(r, p) * Y[p][j] for r &lt; rows (at most {@link #MAX}) and
     * j &lt; cols, where X is given packed (MR-row panels, k-major, as
     * {@link GemmPacking#packA} writes them with kc = k) and Y is row-major with leading
     * dimension {@code ldy}. out(r, j) is at {@code cOff + r*cRow + j*cCol}.
     */
    static void stream(int rows, int cols, int k, float[] xp, float[] y, int yOff, int ldy,
                       float[] c, int cOff, int cRow, int cCol, boolean accumulate) {
        int strips = (cols + NR - 1) / NR;
        int parts = parts(strips, (long) rows * cols * k);
        Parallel.forParts(parts, part -> {
            int j0 = Math.min(cols, strips * part / parts * NR);
            int j1 = Math.min(cols, strips * (part + 1) / parts * NR);
            streamRange(rows, j0, j1, k, xp, y, yOff, ldy, c, cOff, cRow, cCol, accumulate);
        });
    }

    private static void streamRange(int rows, int j0, int j1, int k, float[] xp, float[] y, int yOff, int ldy,
                                    float[] c, int cOff, int cRow, int cCol, boolean accumulate) {
        GemmBuffers buffers = GemmBuffers.get();
        float[] scratch = buffers.tile;
        // With more than one row panel, Y is walked once per panel: block its columns so that
        // a k x block slice (about 512 KB) is still in L2 for the second pass.
        int block = Math.max(NR, (1 << 17) / k / NR * NR);
        int fullEnd = j0 + (j1 - j0) / NR * NR;
        for (int jb = j0; jb < fullEnd; jb += block) {
            int je = Math.min(fullEnd, jb + block);
            for (int r = 0; r < rows; r += MR) {
                int h = Math.min(MR, rows - r);
                int xo = r * k;
                for (int j = jb; j < je; j += NR) {
                    int co = cOff + r * cRow + j * cCol;
                    if (h == MR && cCol == 1) {
                        GemmMicroKernel.tile(k, xp, xo, y, yOff + j, ldy, c, co, cRow, accumulate);
                    } else {
                        GemmMicroKernel.edgeTile(k, xp, xo, y, yOff + j, ldy, c, co, cRow, cCol, h, NR,
                                accumulate, scratch);
                    }
                }
            }
        }
        if (fullEnd < j1) {
            // The last strip is narrower than NR: reading NR columns in place could run past the
            // array, so copy it into a zero-padded k x NR panel.
            int w = j1 - fullEnd;
            float[] strip = buffers.packedB(k * NR);
            GemmPacking.packB(false, y, yOff, ldy, 0, k, fullEnd, w, strip);
            for (int r = 0; r < rows; r += MR) {
                int h = Math.min(MR, rows - r);
                int co = cOff + r * cRow + fullEnd * cCol;
                GemmMicroKernel.edgeTile(k, xp, r * k, strip, 0, NR, c, co, cRow, cCol, h, w, accumulate, scratch);
            }
        }
    }

    /** Thread parts for a loop of {@code units} items and {@code work} multiply-adds. */
    private static int parts(int units, long work) {
        if (work < Gemm.PARALLEL_MIN) {
            return 1;
        }
        return Math.max(1, Math.min(Parallel.threads(), units));
    }
}
