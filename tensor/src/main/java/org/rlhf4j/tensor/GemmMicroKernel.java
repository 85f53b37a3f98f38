package org.rlhf4j.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register-blocked inner kernel of the GEMM: one MR x NR tile of C from an MR-row panel of
 * A and an NR-column panel of B, both k-major.
 *
 * <p>The tile is 4 rows by 3 vectors: 12 accumulators, 3 loads of B and 4 broadcasts of A per
 * step of k. That keeps both FMA pipes busy while leaving registers for the operands (tiles
 * with 24 accumulators measured slower under C2). With both panels in L1 it runs at 185-205
 * GFLOP/s on one AVX-512 core whose FMA peak measures 230. The width follows
 * {@link FloatVector#SPECIES_PREFERRED}, so AVX2 machines get a 4 x 24 tile of the same shape.
 */
final class GemmMicroKernel {
    private GemmMicroKernel() {}

    static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    static final int LANES = F.length();
    /** Rows of C per tile. */
    static final int MR = 4;
    /** Columns of C per tile. */
    static final int NR = 3 * LANES;

    /**
     * Computes a full tile: {@code C[4 x NR] (+)= Apanel * Bpanel} over {@code kc} steps.
     *
     * @param a   A panel, k-major: element (r, p) at {@code ao + p*MR + r}
     * @param b   B panel, k-major: element (p, j) at {@code bo + p*NR + j}
     * @param c   output, element (r, j) at {@code co + r*ldc + j}
     * @param add add into C; otherwise C is overwritten and never read
     */
    static void tile(int kc, float[] a, int ao, float[] b, int bo, float[] c, int co, int ldc, boolean add) {
        FloatVector c00 = FloatVector.zero(F), c01 = FloatVector.zero(F), c02 = FloatVector.zero(F);
        FloatVector c10 = FloatVector.zero(F), c11 = FloatVector.zero(F), c12 = FloatVector.zero(F);
        FloatVector c20 = FloatVector.zero(F), c21 = FloatVector.zero(F), c22 = FloatVector.zero(F);
        FloatVector c30 = FloatVector.zero(F), c31 = FloatVector.zero(F), c32 = FloatVector.zero(F);
        for (int p = 0; p < kc; p++) {
            FloatVector b0 = FloatVector.fromArray(F, b, bo);
            FloatVector b1 = FloatVector.fromArray(F, b, bo + LANES);
            FloatVector b2 = FloatVector.fromArray(F, b, bo + 2 * LANES);
            FloatVector a0 = FloatVector.broadcast(F, a[ao]);
            c00 = b0.fma(a0, c00);
            c01 = b1.fma(a0, c01);
            c02 = b2.fma(a0, c02);
            FloatVector a1 = FloatVector.broadcast(F, a[ao + 1]);
            c10 = b0.fma(a1, c10);
            c11 = b1.fma(a1, c11);
            c12 = b2.fma(a1, c12);
            FloatVector a2 = FloatVector.broadcast(F, a[ao + 2]);
            c20 = b0.fma(a2, c20);
            c21 = b1.fma(a2, c21);
            c22 = b2.fma(a2, c22);
            FloatVector a3 = FloatVector.broadcast(F, a[ao + 3]);
            c30 = b0.fma(a3, c30);
            c31 = b1.fma(a3, c31);
            c32 = b2.fma(a3, c32);
            ao += MR;
            bo += NR;
        }
        // The stores are written out here rather than in a helper taking the vectors as
        // arguments: when C2 compiles such a helper on its own first ("already compiled into a
        // big method") it cannot inline it, the 12 accumulators are boxed on every call, and a
        // training step runs 20x slower under a storm of young GCs.
        int c1 = co + ldc;
        int c2 = co + 2 * ldc;
        int c3 = co + 3 * ldc;
        if (add) {
            c00 = c00.add(FloatVector.fromArray(F, c, co));
            c01 = c01.add(FloatVector.fromArray(F, c, co + LANES));
            c02 = c02.add(FloatVector.fromArray(F, c, co + 2 * LANES));
            c10 = c10.add(FloatVector.fromArray(F, c, c1));
            c11 = c11.add(FloatVector.fromArray(F, c, c1 + LANES));
            c12 = c12.add(FloatVector.fromArray(F, c, c1 + 2 * LANES));
            c20 = c20.add(FloatVector.fromArray(F, c, c2));
            c21 = c21.add(FloatVector.fromArray(F, c, c2 + LANES));
            c22 = c22.add(FloatVector.fromArray(F, c, c2 + 2 * LANES));
            c30 = c30.add(FloatVector.fromArray(F, c, c3));
            c31 = c31.add(FloatVector.fromArray(F, c, c3 + LANES));
            c32 = c32.add(FloatVector.fromArray(F, c, c3 + 2 * LANES));
        }
        c00.intoArray(c, co);
        c01.intoArray(c, co + LANES);
        c02.intoArray(c, co + 2 * LANES);
        c10.intoArray(c, c1);
        c11.intoArray(c, c1 + LANES);
        c12.intoArray(c, c1 + 2 * LANES);
        c20.intoArray(c, c2);
        c21.intoArray(c, c2 + LANES);
        c22.intoArray(c, c2 + 2 * LANES);
        c30.intoArray(c, c3);
        c31.intoArray(c, c3 + LANES);
        c32.intoArray(c, c3 + 2 * LANES);
    }

    /**
     * A tile cut by the edge of C ({@code rows <= MR}, {@code cols <= NR}): computed whole into
     * {@code scratch} (zero-padded panels make the extra rows/columns harmless), then the valid
     * part is written out. The arithmetic per element is the same as {@link #tile}, so an
     * element's bits do not depend on whether it landed in a full or an edge tile.
     */
    static void edgeTile(int kc, float[] a, int ao, float[] b, int bo, float[] c, int co, int ldc,
                         int rows, int cols, boolean add, float[] scratch) {
        tile(kc, a, ao, b, bo, scratch, 0, NR, false);
        for (int r = 0; r < rows; r++) {
            int src = r * NR;
            int dst = co + r * ldc;
            if (add) {
                for (int j = 0; j < cols; j++) {
                    c[dst + j] += scratch[src + j];
                }
            } else {
                System.arraycopy(scratch, src, c, dst, cols);
            }
        }
    }
}
