package org.rlhf4j.tensor;

import static org.rlhf4j.tensor.GemmMicroKernel.F;
import static org.rlhf4j.tensor.GemmMicroKernel.LANES;
import static org.rlhf4j.tensor.GemmMicroKernel.MR;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;

/**
 * GEMMs with one tiny side (M or N up to {@link #MAX_ROWS} or {@link #MAX_DOTS}): token-by-token
 * generation with a small batch, a scalar head with one output. Packing the big operand would
 * cost about as much as multiplying by it, so the big operand is read in place, once:
 * <ul>
 *   <li>{@link #dots}: when both operands run along k in memory (A*W^T with W [N x K]), each
 *       output is a dot product; a row of the big operand is loaded once and reused for every
 *       row of the small one.</li>
 *   <li>{@link #rows}: when the big operand is row-major [k x cols] (A*B), each of its rows is
 *       streamed once and multiply-added into every row of the small result.</li>
 * </ul>
 * Sums run in a different order than in the packed path (whole k at once; dot products sum
 * their lanes in a tree), so results agree with it to float rounding, not bit for bit. Both
 * are independent of the thread count.
 */
final class SmallGemm {
    private SmallGemm() {}

    /**
     * Largest small side for {@link #dots}. Up to here it beat packing (one thread, K=768,
     * N=50257: 48 vs 30 GFLOP/s at M=16, 66 vs 51 at M=32; about even at M=64).
     */
    static final int MAX_DOTS = 32;
    /** Largest small side for {@link #rows}: beyond it the packed path wins (62 vs 48 at M=16). */
    static final int MAX_ROWS = 8;

    /*
     * Shuffles that fold the upper half of the live lanes onto the lower half, one constant
     * per step, so that C2 sees each rearrange() with a constant shuffle and emits a single
     * permute instead of materialising shuffle objects in the loop.
     */

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
        float[] out = GemmBuffers.get().dotScratch;
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
        int bound = F.loopBound(k);
        for (int p = 0; p < bound; p += LANES) {
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
        // The accumulators are parked in memory, the k tail is added lane by lane with scalar
        // FMAs, and each output is summed there (Kernels.sumStoredLanes). A scalar FMA into
        // lane j gives the bits a masked vector FMA would, so outputs match dot1x3 and dot1x1.
        // Keeping this method this small matters: with a masked vector tail and twelve
        // sumLanes calls, C1 ran out of registers compiling it ("COMPILE SKIPPED"), C2 never
        // took over, and generation ran 20x slower allocating vectors on the heap.
        float[] lanes = out;
        c00.intoArray(lanes, TILE_LANES);
        c01.intoArray(lanes, TILE_LANES + LANES);
        c02.intoArray(lanes, TILE_LANES + 2 * LANES);
        c10.intoArray(lanes, TILE_LANES + 3 * LANES);
        c11.intoArray(lanes, TILE_LANES + 4 * LANES);
        c12.intoArray(lanes, TILE_LANES + 5 * LANES);
        c20.intoArray(lanes, TILE_LANES + 6 * LANES);
        c21.intoArray(lanes, TILE_LANES + 7 * LANES);
        c22.intoArray(lanes, TILE_LANES + 8 * LANES);
        c30.intoArray(lanes, TILE_LANES + 9 * LANES);
        c31.intoArray(lanes, TILE_LANES + 10 * LANES);
        c32.intoArray(lanes, TILE_LANES + 11 * LANES);
        for (int r = 0; r < MR; r++) {
            for (int q = 0; q < 3; q++) {
                int acc = TILE_LANES + (r * 3 + q) * LANES;
                int xr = xo + r * ldx;
                int yq = yo + q * ldy;
                for (int p = bound; p < k; p++) {
                    lanes[acc + p - bound] = Math.fma(x[xr + p], y[yq + p], lanes[acc + p - bound]);
                }
                out[r * 3 + q] = Kernels.sumStoredLanes(lanes, acc);
            }
        }
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
        c0.intoArray(out, TILE_LANES);
        c1.intoArray(out, TILE_LANES + LANES);
        c2.intoArray(out, TILE_LANES + 2 * LANES);
        for (int i = 0; i < 3; i++) {
            out[i] = Kernels.sumStoredLanes(out, TILE_LANES + i * LANES);
        }
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
        return Kernels.sumLanes(c0);
    }

    /** Where the dot kernels park their accumulators in the scratch array (after 12 outputs). */
    static final int TILE_LANES = 16;

    /** Scratch the dot kernels need: 12 outputs, then 12 vectors of lanes. */
    static final int SCRATCH = TILE_LANES + 12 * LANES;


    // ------------------------------------------------------------------ row streaming

    /**
     * out(r, j) (+)= sum_p X[r][p] * Y[p][j] for r &lt; rows (at most {@link #MAX_ROWS}) and
     * j &lt; cols: X rows contiguous along p, Y row-major with leading dimension {@code ldy}.
     * out(r, j) is at {@code cOff + r*cRow + j*cCol}.
     *
     * <p>Y is read row by row, a long contiguous run per row, which the prefetchers stream from
     * memory; each run is FMA'd into every output row. The running sums of a block of columns
     * stay in a small L1-resident buffer, so stale C is never read.
     */
    static void rows(int rows, int cols, int k, float[] x, int xOff, int ldx, float[] y, int yOff, int ldy,
                     float[] c, int cOff, int cRow, int cCol, boolean accumulate) {
        int units = (cols + LANES - 1) / LANES;
        int parts = parts(units, (long) rows * cols * k);
        Parallel.forParts(parts, part -> {
            int j0 = Math.min(cols, units * part / parts * LANES);
            int j1 = Math.min(cols, units * (part + 1) / parts * LANES);
            rowsRange(rows, j0, j1, k, x, xOff, ldx, y, yOff, ldy, c, cOff, cRow, cCol, accumulate);
        });
    }

    private static void rowsRange(int rows, int j0, int j1, int k, float[] x, int xOff, int ldx,
                                  float[] y, int yOff, int ldy, float[] c, int cOff, int cRow, int cCol,
                                  boolean accumulate) {
        // About 16 KB of running sums: a third of L1, leaving room for the runs of Y.
        int block = Math.max(LANES, 4096 / rows / LANES * LANES);
        float[] sums = GemmBuffers.get().packedB(rows * block);
        for (int jb = j0; jb < j1; jb += block) {
            int w = Math.min(block, j1 - jb);
            java.util.Arrays.fill(sums, 0, rows * block, 0f);
            int p = 0;
            for (; p + 4 <= k; p += 4) {
                int yo = yOff + p * ldy + jb;
                for (int r = 0; r < rows; r++) {
                    int xo = xOff + r * ldx + p;
                    fmaRows4(x[xo], x[xo + 1], x[xo + 2], x[xo + 3], y, yo, ldy, sums, r * block, w);
                }
            }
            for (; p < k; p++) {
                int yo = yOff + p * ldy + jb;
                for (int r = 0; r < rows; r++) {
                    fmaRow(x[xOff + r * ldx + p], y, yo, sums, r * block, w);
                }
            }
            for (int r = 0; r < rows; r++) {
                int co = cOff + r * cRow + jb * cCol;
                int so = r * block;
                for (int j = 0; j < w; j++) {
                    put(c, co + j * cCol, sums[so + j], accumulate);
                }
            }
        }
    }

    /**
     * Four steps of k at once: each running sum is loaded and stored once per four FMAs (the
     * one-step loop is bound by those loads and stores). The FMAs stay in k order, so the
     * result is the same as four calls of {@link #fmaRow}.
     */
    private static void fmaRows4(float a0, float a1, float a2, float a3, float[] y, int yo, int ldy,
                                 float[] s, int so, int w) {
        FloatVector v0 = FloatVector.broadcast(F, a0);
        FloatVector v1 = FloatVector.broadcast(F, a1);
        FloatVector v2 = FloatVector.broadcast(F, a2);
        FloatVector v3 = FloatVector.broadcast(F, a3);
        int y1 = yo + ldy, y2 = y1 + ldy, y3 = y2 + ldy;
        int j = 0;
        for (int bound = F.loopBound(w); j < bound; j += LANES) {
            FloatVector acc = FloatVector.fromArray(F, s, so + j);
            acc = FloatVector.fromArray(F, y, yo + j).fma(v0, acc);
            acc = FloatVector.fromArray(F, y, y1 + j).fma(v1, acc);
            acc = FloatVector.fromArray(F, y, y2 + j).fma(v2, acc);
            acc = FloatVector.fromArray(F, y, y3 + j).fma(v3, acc);
            acc.intoArray(s, so + j);
        }
        for (; j < w; j++) {
            float acc = s[so + j];
            acc = Math.fma(y[yo + j], a0, acc);
            acc = Math.fma(y[y1 + j], a1, acc);
            acc = Math.fma(y[y2 + j], a2, acc);
            acc = Math.fma(y[y3 + j], a3, acc);
            s[so + j] = acc;
        }
    }

    /** s[so..so+w) = fma(a, y[yo..yo+w), s[so..so+w)); the scalar tail rounds exactly like a lane. */
    private static void fmaRow(float a, float[] y, int yo, float[] s, int so, int w) {
        FloatVector va = FloatVector.broadcast(F, a);
        int j = 0;
        for (int bound = F.loopBound(w); j < bound; j += LANES) {
            FloatVector.fromArray(F, y, yo + j).fma(va, FloatVector.fromArray(F, s, so + j)).intoArray(s, so + j);
        }
        for (; j < w; j++) {
            s[so + j] = Math.fma(y[yo + j], a, s[so + j]);
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
