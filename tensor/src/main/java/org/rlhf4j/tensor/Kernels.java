package org.rlhf4j.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/** Small Vector API building blocks shared by the ops: axpy, dot, scale, sums. */
public final class Kernels {
    private Kernels() {}

    public static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    public static final int LANES = F.length();

    private static final VectorShuffle<Float> FOLD_8 = fold(8);
    private static final VectorShuffle<Float> FOLD_4 = fold(4);
    private static final VectorShuffle<Float> FOLD_2 = fold(2);
    private static final VectorShuffle<Float> FOLD_1 = fold(1);

    private static VectorShuffle<Float> fold(int by) {
        return VectorShuffle.iota(F, by < LANES ? by : 0, 1, true);
    }

    /**
     * Sum of the lanes in a fixed tree. {@code reduceLanes(ADD)} leaves the order to the
     * implementation, and the interpreter and C2 do differ, so a run would give different
     * bits depending on which code was compiled yet: use this for every float reduction.
     */
    public static float sumLanes(FloatVector v) {
        for (int by = LANES / 2; by > 8; by /= 2) {
            v = v.add(v.rearrange(VectorShuffle.iota(F, by, 1, true))); // wider than AVX-512
        }
        if (LANES > 8) {
            v = v.add(v.rearrange(FOLD_8));
        }
        if (LANES > 4) {
            v = v.add(v.rearrange(FOLD_4));
        }
        if (LANES > 2) {
            v = v.add(v.rearrange(FOLD_2));
        }
        if (LANES > 1) {
            v = v.add(v.rearrange(FOLD_1));
        }
        return v.lane(0);
    }

    /**
     * The sum of the {@link #LANES} floats at {@code v[off..]}, added in the same tree as
     * {@link #sumLanes(FloatVector)} (upper half onto lower, halving), so it gives the same
     * bits as summing the vector those floats came from. Overwrites them.
     */
    public static float sumStoredLanes(float[] v, int off) {
        for (int by = LANES / 2; by >= 1; by /= 2) {
            for (int i = 0; i < by; i++) {
                v[off + i] += v[off + i + by];
            }
        }
        return v[off];
    }

    /** dst[d..d+n) += src[s..s+n). */
    public static void addInto(float[] src, int s, float[] dst, int d, int n) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += LANES) {
            FloatVector.fromArray(F, dst, d + i).add(FloatVector.fromArray(F, src, s + i)).intoArray(dst, d + i);
        }
        for (; i < n; i++) {
            dst[d + i] += src[s + i];
        }
    }

    /** dst[d..d+n) += alpha * src[s..s+n). */
    public static void axpy(float alpha, float[] src, int s, float[] dst, int d, int n) {
        FloatVector va = FloatVector.broadcast(F, alpha);
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += LANES) {
            FloatVector.fromArray(F, src, s + i).fma(va, FloatVector.fromArray(F, dst, d + i)).intoArray(dst, d + i);
        }
        for (; i < n; i++) {
            dst[d + i] += alpha * src[s + i];
        }
    }

    /** Sum of a[i]*b[i] over n elements (vector lanes, then a fixed-order reduction). */
    public static float dot(float[] a, int ao, float[] b, int bo, int n) {
        FloatVector acc = FloatVector.zero(F);
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += LANES) {
            acc = FloatVector.fromArray(F, a, ao + i).fma(FloatVector.fromArray(F, b, bo + i), acc);
        }
        float s = sumLanes(acc);
        for (; i < n; i++) {
            s += a[ao + i] * b[bo + i];
        }
        return s;
    }

    /** Sum of n elements. */
    public static float sum(float[] a, int ao, int n) {
        FloatVector acc = FloatVector.zero(F);
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += LANES) {
            acc = acc.add(FloatVector.fromArray(F, a, ao + i));
        }
        float s = sumLanes(acc);
        for (; i < n; i++) {
            s += a[ao + i];
        }
        return s;
    }

    /** Largest of n elements. */
    public static float max(float[] a, int ao, int n) {
        FloatVector acc = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += LANES) {
            acc = acc.max(FloatVector.fromArray(F, a, ao + i));
        }
        float m = acc.reduceLanes(VectorOperators.MAX);
        for (; i < n; i++) {
            m = Math.max(m, a[ao + i]);
        }
        return m;
    }

    /** a[ao..ao+n) *= alpha. */
    public static void scale(float alpha, float[] a, int ao, int n) {
        FloatVector va = FloatVector.broadcast(F, alpha);
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += LANES) {
            FloatVector.fromArray(F, a, ao + i).mul(va).intoArray(a, ao + i);
        }
        for (; i < n; i++) {
            a[ao + i] *= alpha;
        }
    }
}
