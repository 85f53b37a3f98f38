package org.rlhf4j.tensor.ops;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * Transcendental functions on whole vectors, built only from add, multiply, fma and bit
 * operations. The Vector API's own EXP/TANH call SVML once compiled but {@code Math.exp}
 * per lane before, so their last bit can change as the JIT warms up; these give the same
 * bits in every tier, on every thread, which keeps training runs reproducible.
 */
public final class VectorMath {
    private VectorMath() {}

    private static final float LOG2E = 1.44269504088896341f;
    // ln 2 split in two (Cody-Waite) so n * LN2_HI is exact for the n we see.
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;
    // Adding then subtracting 1.5 * 2^23 rounds a float to the nearest integer.
    private static final float ROUND = 12582912f;
    // Beyond these, exp overflows to infinity or falls below the smallest normal float.
    private static final float EXP_MAX = 88.3762626647949f;
    private static final float EXP_MIN = -87.3365447504f;

    /**
     * e^x to about 1 ulp (Cephes' expf polynomial). Results below the smallest normal float
     * (x < -87.34) are flushed to 0; x > 88.38 gives infinity.
     */
    public static FloatVector exp(FloatVector x) {
        FloatVector xc = x.max(EXP_MIN).min(EXP_MAX);
        // e^x = 2^n * e^r with n = round(x / ln 2) and |r| <= ln(2) / 2.
        FloatVector n = xc.fma(LOG2E, ROUND).sub(ROUND);
        FloatVector r = n.fma(n.broadcast(-LN2_HI), xc);
        r = n.fma(n.broadcast(-LN2_LO), r);
        FloatVector p = r.fma(1.9875691500e-4f, 1.3981999507e-3f);
        p = mulAdd(p, r, 8.3334519073e-3f);
        p = mulAdd(p, r, 4.1665795894e-2f);
        p = mulAdd(p, r, 1.6666665459e-1f);
        p = mulAdd(p, r, 5.0000001201e-1f);
        FloatVector er = p.mul(r).fma(r, r).add(1f);
        IntVector bits = ((IntVector) n.convert(VectorOperators.F2I, 0)).add(127).lanewise(VectorOperators.LSHL, 23);
        FloatVector result = er.mul(bits.reinterpretAsFloats());
        VectorMask<Float> over = x.compare(VectorOperators.GT, EXP_MAX);
        VectorMask<Float> under = x.compare(VectorOperators.LT, EXP_MIN);
        return result.blend(Float.POSITIVE_INFINITY, over).blend(0f, under);
    }

    /** a * b + c in one rounding. */
    private static FloatVector mulAdd(FloatVector a, FloatVector b, float c) {
        return a.fma(b, a.broadcast(c));
    }

    /** The logistic function 1 / (1 + e^-x); exact 0 and 1 in the far tails, never NaN for finite x. */
    public static FloatVector sigmoid(FloatVector x) {
        return FloatVector.broadcast(x.species(), 1f).div(exp(x.neg()).add(1f));
    }
}
