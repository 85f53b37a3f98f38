package org.rlhf4j.tensor.ops;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;
import org.rlhf4j.tensor.Autograd;
import org.rlhf4j.tensor.Kernels;
import org.rlhf4j.tensor.Shapes;
import org.rlhf4j.tensor.Tensor;

/**
 * Element-by-element arithmetic on tensors of the same shape (no implicit broadcasting; a
 * [cols] vector over rows is {@link #addBias}). Plain loops are left to C2, which
 * vectorises them; exp and sigmoid use {@link VectorMath}.
 *
 * <p>Kinks: {@link #min} and {@link #max} split the gradient evenly between a and b when
 * they are equal (as PyTorch does), so max(x, x) has gradient 1 with respect to x;
 * {@link #clamp} passes the gradient where lo <= x <= hi, bounds included (as PyTorch does).
 */
public final class Elementwise {
    private Elementwise() {}

    private static final VectorSpecies<Float> F = Kernels.F;

    /** a + b (the residual add). */
    public static Tensor add(Tensor a, Tensor b) {
        Shapes.requireSame("add(a, b)", a, b);
        float[] ad = a.data();
        float[] bd = b.data();
        Tensor out = Tensor.zeros(a.shape());
        float[] od = out.data();
        Split.elements(od.length, (from, to) -> {
            for (int i = from; i < to; i++) {
                od[i] = ad[i] + bd[i];
            }
        });
        if (Autograd.needsGrad(a, b)) {
            Autograd.record(out, () -> {
                accumulate(1f, out.grad(), a);
                accumulate(1f, out.grad(), b);
            });
        }
        return out;
    }

    /** a - b. */
    public static Tensor sub(Tensor a, Tensor b) {
        Shapes.requireSame("sub(a, b)", a, b);
        float[] ad = a.data();
        float[] bd = b.data();
        Tensor out = Tensor.zeros(a.shape());
        float[] od = out.data();
        Split.elements(od.length, (from, to) -> {
            for (int i = from; i < to; i++) {
                od[i] = ad[i] - bd[i];
            }
        });
        if (Autograd.needsGrad(a, b)) {
            Autograd.record(out, () -> {
                accumulate(1f, out.grad(), a);
                accumulate(-1f, out.grad(), b);
            });
        }
        return out;
    }

    /** a * b. */
    public static Tensor mul(Tensor a, Tensor b) {
        Shapes.requireSame("mul(a, b)", a, b);
        float[] ad = a.data();
        float[] bd = b.data();
        Tensor out = Tensor.zeros(a.shape());
        float[] od = out.data();
        Split.elements(od.length, (from, to) -> {
            for (int i = from; i < to; i++) {
                od[i] = ad[i] * bd[i];
            }
        });
        if (Autograd.needsGrad(a, b)) {
            Autograd.record(out, () -> {
                float[] dout = out.grad();
                float[] da = a.requiresGrad() ? a.gradBuffer() : null;
                float[] db = b.requiresGrad() ? b.gradBuffer() : null;
                Split.elements(dout.length, (from, to) -> {
                    for (int i = from; i < to; i++) {
                        if (da != null) {
                            da[i] += dout[i] * bd[i];
                        }
                        if (db != null) {
                            db[i] += dout[i] * ad[i];
                        }
                    }
                });
            });
        }
        return out;
    }

    /** a / b (b == 0 gives infinities or NaN, as IEEE division does). */
    public static Tensor div(Tensor a, Tensor b) {
        Shapes.requireSame("div(a, b)", a, b);
        float[] ad = a.data();
        float[] bd = b.data();
        Tensor out = Tensor.zeros(a.shape());
        float[] od = out.data();
        Split.elements(od.length, (from, to) -> {
            for (int i = from; i < to; i++) {
                od[i] = ad[i] / bd[i];
            }
        });
        if (Autograd.needsGrad(a, b)) {
            Autograd.record(out, () -> {
                float[] dout = out.grad();
                float[] da = a.requiresGrad() ? a.gradBuffer() : null;
                float[] db = b.requiresGrad() ? b.gradBuffer() : null;
                Split.elements(dout.length, (from, to) -> {
                    for (int i = from; i < to; i++) {
                        float dq = dout[i] / bd[i];
                        if (da != null) {
                            da[i] += dq;
                        }
                        if (db != null) {
                            db[i] -= dq * od[i]; // d(a/b)/db = -(a/b)/b
                        }
                    }
                });
            });
        }
        return out;
    }

    /** x + s. */
    public static Tensor addScalar(Tensor x, float s) {
        float[] xd = x.data();
        Tensor out = Tensor.zeros(x.shape());
        float[] od = out.data();
        Split.elements(od.length, (from, to) -> {
            for (int i = from; i < to; i++) {
                od[i] = xd[i] + s;
            }
        });
        if (Autograd.needsGrad(x)) {
            Autograd.record(out, () -> accumulate(1f, out.grad(), x));
        }
        return out;
    }

    /** x * s (scaling). */
    public static Tensor mulScalar(Tensor x, float s) {
        float[] xd = x.data();
        Tensor out = Tensor.zeros(x.shape());
        float[] od = out.data();
        Split.elements(od.length, (from, to) -> {
            for (int i = from; i < to; i++) {
                od[i] = xd[i] * s;
            }
        });
        if (Autograd.needsGrad(x)) {
            Autograd.record(out, () -> accumulate(s, out.grad(), x));
        }
        return out;
    }

    /** -x. */
    public static Tensor neg(Tensor x) {
        return mulScalar(x, -1f);
    }

    /** e^x (to about 1 ulp; below e^-87.34 flushed to 0, see {@link VectorMath#exp}). */
    public static Tensor exp(Tensor x) {
        float[] xd = x.data();
        Tensor out = Tensor.zeros(x.shape());
        float[] od = out.data();
        Split.elements(od.length, (from, to) -> {
            for (int i = from; i < to; i += F.length()) {
                VectorMask<Float> m = F.indexInRange(i, to);
                VectorMath.exp(FloatVector.fromArray(F, xd, i, m)).intoArray(od, i, m);
            }
        });
        if (Autograd.needsGrad(x)) {
            Autograd.record(out, () -> {
                float[] dout = out.grad();
                float[] dx = x.gradBuffer();
                Split.elements(dout.length, (from, to) -> {
                    for (int i = from; i < to; i++) {
                        dx[i] += dout[i] * od[i];
                    }
                });
            });
        }
        return out;
    }

    /** Natural log (x <= 0 gives -infinity or NaN, as Math.log does). */
    public static Tensor log(Tensor x) {
        float[] xd = x.data();
        Tensor out = Tensor.zeros(x.shape());
        float[] od = out.data();
        Split.elements(od.length, (from, to) -> {
            for (int i = from; i < to; i++) {
                od[i] = (float) Math.log(xd[i]);
            }
        });
        if (Autograd.needsGrad(x)) {
            Autograd.record(out, () -> {
                float[] dout = out.grad();
                float[] dx = x.gradBuffer();
                Split.elements(dout.length, (from, to) -> {
                    for (int i = from; i < to; i++) {
                        dx[i] += dout[i] / xd[i];
                    }
                });
            });
        }
        return out;
    }

    /** 1 / (1 + e^-x); exactly 0 or 1 far in the tails, never NaN for finite x. */
    public static Tensor sigmoid(Tensor x) {
        float[] xd = x.data();
        Tensor out = Tensor.zeros(x.shape());
        float[] od = out.data();
        Split.elements(od.length, (from, to) -> {
            for (int i = from; i < to; i += F.length()) {
                VectorMask<Float> m = F.indexInRange(i, to);
                VectorMath.sigmoid(FloatVector.fromArray(F, xd, i, m)).intoArray(od, i, m);
            }
        });
        if (Autograd.needsGrad(x)) {
            Autograd.record(out, () -> {
                float[] dout = out.grad();
                float[] dx = x.gradBuffer();
                Split.elements(dout.length, (from, to) -> {
                    for (int i = from; i < to; i++) {
                        dx[i] += dout[i] * od[i] * (1f - od[i]);
                    }
                });
            });
        }
        return out;
    }

    /**
     * log(sigmoid(x)) = min(x, 0) - log1p(e^-|x|): finite for any finite x (about x for
     * x << 0, about -e^-x for x >> 0), where log(sigmoid(x)) would give log(0) = -infinity.
     * The Bradley-Terry reward-model loss and DPO are -logSigmoid of a margin.
     */
    public static Tensor logSigmoid(Tensor x) {
        float[] xd = x.data();
        Tensor out = Tensor.zeros(x.shape());
        float[] od = out.data();
        Split.elements(od.length, (from, to) -> {
            for (int i = from; i < to; i++) {
                double v = xd[i];
                od[i] = (float) (Math.min(v, 0.0) - Math.log1p(Math.exp(-Math.abs(v))));
            }
        });
        if (Autograd.needsGrad(x)) {
            Autograd.record(out, () -> {
                float[] dout = out.grad();
                float[] dx = x.gradBuffer();
                Split.elements(dout.length, (from, to) -> {
                    for (int i = from; i < to; i++) {
                        // d/dx log(sigmoid(x)) = 1 - sigmoid(x) = sigmoid(-x), written to stay finite for large |x|
                        double v = xd[i];
                        double e = Math.exp(-Math.abs(v));
                        double sigmoidNeg = v >= 0 ? e / (1 + e) : 1 / (1 + e);
                        dx[i] += (float) (dout[i] * sigmoidNeg);
                    }
                });
            });
        }
        return out;
    }

    /** The smaller of a and b; at a tie each gets half the gradient. */
    public static Tensor min(Tensor a, Tensor b) {
        return minOrMax("min(a, b)", a, b, false);
    }

    /** The larger of a and b; at a tie each gets half the gradient. */
    public static Tensor max(Tensor a, Tensor b) {
        return minOrMax("max(a, b)", a, b, true);
    }

    private static Tensor minOrMax(String op, Tensor a, Tensor b, boolean max) {
        Shapes.requireSame(op, a, b);
        float[] ad = a.data();
        float[] bd = b.data();
        Tensor out = Tensor.zeros(a.shape());
        float[] od = out.data();
        Split.elements(od.length, (from, to) -> {
            for (int i = from; i < to; i++) {
                od[i] = max ? Math.max(ad[i], bd[i]) : Math.min(ad[i], bd[i]);
            }
        });
        if (Autograd.needsGrad(a, b)) {
            Autograd.record(out, () -> {
                float[] dout = out.grad();
                float[] da = a.requiresGrad() ? a.gradBuffer() : null;
                float[] db = b.requiresGrad() ? b.gradBuffer() : null;
                Split.elements(dout.length, (from, to) -> {
                    for (int i = from; i < to; i++) {
                        // The share of the gradient that goes to a: 1 if a was chosen, 0 if b, 1/2 at a tie.
                        float toA = ad[i] == bd[i] ? 0.5f : (ad[i] > bd[i]) == max ? 1f : 0f;
                        if (da != null) {
                            da[i] += dout[i] * toA;
                        }
                        if (db != null) {
                            db[i] += dout[i] * (1f - toA);
                        }
                    }
                });
            });
        }
        return out;
    }

    /** x limited to [lo, hi]; the gradient passes where lo <= x <= hi and is 0 outside. */
    public static Tensor clamp(Tensor x, float lo, float hi) {
        if (!(lo <= hi)) {
            throw new IllegalArgumentException("clamp: lo " + lo + " is above hi " + hi);
        }
        float[] xd = x.data();
        Tensor out = Tensor.zeros(x.shape());
        float[] od = out.data();
        Split.elements(od.length, (from, to) -> {
            for (int i = from; i < to; i++) {
                od[i] = Math.min(Math.max(xd[i], lo), hi);
            }
        });
        if (Autograd.needsGrad(x)) {
            Autograd.record(out, () -> {
                float[] dout = out.grad();
                float[] dx = x.gradBuffer();
                Split.elements(dout.length, (from, to) -> {
                    for (int i = from; i < to; i++) {
                        if (xd[i] >= lo && xd[i] <= hi) {
                            dx[i] += dout[i];
                        }
                    }
                });
            });
        }
        return out;
    }

    /** x + bias with bias [C] added to every row of x [..., C]. */
    public static Tensor addBias(Tensor x, Tensor bias) {
        int rows = x.rows();
        int c = x.cols();
        if (x.rank() == 0 || bias.rank() != 1 || bias.dim(0) != c) {
            throw new IllegalArgumentException("addBias: bias " + Arrays.toString(bias.shape()) + " does not fit x "
                    + Arrays.toString(x.shape()) + " (expected [" + c + "])");
        }
        float[] xd = x.data();
        float[] bd = bias.data();
        Tensor out = Tensor.zeros(x.shape());
        float[] od = out.data();
        Split.rows(rows, c, (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                for (int i = 0; i < c; i++) {
                    od[r * c + i] = xd[r * c + i] + bd[i];
                }
            }
        });
        if (Autograd.needsGrad(x, bias)) {
            Autograd.record(out, () -> {
                accumulate(1f, out.grad(), x);
                if (bias.requiresGrad()) {
                    Reductions.addColumnSums(out.grad(), rows, c, bias.gradBuffer());
                }
            });
        }
        return out;
    }

    /** t.grad += alpha * dout, when t wants a gradient. */
    private static void accumulate(float alpha, float[] dout, Tensor t) {
        if (!t.requiresGrad()) {
            return;
        }
        float[] dt = t.gradBuffer();
        Split.elements(dout.length, (from, to) -> Kernels.axpy(alpha, dout, from, dt, from, to - from));
    }
}
