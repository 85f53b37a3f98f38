package org.rlhf4j.tensor.ops;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;
import org.rlhf4j.tensor.Autograd;
import org.rlhf4j.tensor.Kernels;
import org.rlhf4j.tensor.Shapes;
import org.rlhf4j.tensor.Tensor;

/**
 * MLP activations: GELU (GPT-2) and SiLU / SwiGLU (Llama). Every element, the last few of
 * an array included, goes through the same vector code (the tail under a mask), so a value
 * does not change with where a thread's range happens to end.
 */
public final class Activations {
    private Activations() {}

    private static final VectorSpecies<Float> F = Kernels.F;
    private static final float SQRT_2_OVER_PI = 0.7978845608028654f;
    private static final float GELU_CUBIC = 0.044715f;

    /**
     * GELU, tanh approximation (GPT-2's "gelu_new"):
     * 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))), computed as x * sigmoid(2u) since
     * 0.5 (1 + tanh(u)) = sigmoid(2u).
     */
    public static Tensor gelu(Tensor x) {
        float[] xd = x.data();
        Tensor out = Tensor.zeros(x.shape());
        float[] od = out.data();
        Split.elements(xd.length, (from, to) -> {
            for (int i = from; i < to; i += F.length()) {
                VectorMask<Float> m = F.indexInRange(i, to);
                FloatVector v = FloatVector.fromArray(F, xd, i, m);
                v.mul(geluGate(v)).intoArray(od, i, m);
            }
        });
        if (Autograd.needsGrad(x)) {
            Autograd.record(out, () -> {
                float[] dout = out.grad();
                float[] dx = x.gradBuffer();
                Split.elements(xd.length, (from, to) -> {
                    for (int i = from; i < to; i += F.length()) {
                        VectorMask<Float> m = F.indexInRange(i, to);
                        FloatVector v = FloatVector.fromArray(F, xd, i, m);
                        FloatVector s = geluGate(v);
                        // d/dx [x s(2u)] = s + x s (1 - s) * 2u', with 2u' = 2 sqrt(2/pi) (1 + 3 * 0.044715 x^2)
                        FloatVector du2 = v.mul(v).fma(3f * GELU_CUBIC, 1f).mul(2f * SQRT_2_OVER_PI);
                        FloatVector grad = v.mul(s).mul(s.neg().add(1f)).fma(du2, s);
                        FloatVector.fromArray(F, dout, i, m).fma(grad, FloatVector.fromArray(F, dx, i, m)).intoArray(dx, i, m);
                    }
                });
            });
        }
        return out;
    }

    /** sigmoid(2u) with u = sqrt(2/pi) (x + 0.044715 x^3): GELU's output divided by x. */
    private static FloatVector geluGate(FloatVector x) {
        FloatVector twoU = x.mul(x).fma(GELU_CUBIC, 1f).mul(x).mul(2f * SQRT_2_OVER_PI);
        return VectorMath.sigmoid(twoU);
    }

    /** SiLU (swish): x * sigmoid(x). */
    public static Tensor silu(Tensor x) {
        float[] xd = x.data();
        Tensor out = Tensor.zeros(x.shape());
        float[] od = out.data();
        Split.elements(xd.length, (from, to) -> {
            for (int i = from; i < to; i += F.length()) {
                VectorMask<Float> m = F.indexInRange(i, to);
                FloatVector v = FloatVector.fromArray(F, xd, i, m);
                v.mul(VectorMath.sigmoid(v)).intoArray(od, i, m);
            }
        });
        if (Autograd.needsGrad(x)) {
            Autograd.record(out, () -> {
                float[] dout = out.grad();
                float[] dx = x.gradBuffer();
                Split.elements(xd.length, (from, to) -> {
                    for (int i = from; i < to; i += F.length()) {
                        VectorMask<Float> m = F.indexInRange(i, to);
                        FloatVector v = FloatVector.fromArray(F, xd, i, m);
                        FloatVector grad = siluGrad(v, VectorMath.sigmoid(v));
                        FloatVector.fromArray(F, dout, i, m).fma(grad, FloatVector.fromArray(F, dx, i, m)).intoArray(dx, i, m);
                    }
                });
            });
        }
        return out;
    }

    /** d/dx [x sigmoid(x)] = s (1 + x (1 - s)). */
    private static FloatVector siluGrad(FloatVector x, FloatVector s) {
        return x.mul(s.neg().add(1f)).add(1f).mul(s);
    }

    /** SwiGLU, Llama's MLP gate: silu(gate) * up, same shapes. */
    public static Tensor swiglu(Tensor gate, Tensor up) {
        Shapes.requireSame("swiglu(gate, up)", gate, up);
        float[] gd = gate.data();
        float[] ud = up.data();
        Tensor out = Tensor.zeros(gate.shape());
        float[] od = out.data();
        Split.elements(gd.length, (from, to) -> {
            for (int i = from; i < to; i += F.length()) {
                VectorMask<Float> m = F.indexInRange(i, to);
                FloatVector g = FloatVector.fromArray(F, gd, i, m);
                g.mul(VectorMath.sigmoid(g)).mul(FloatVector.fromArray(F, ud, i, m)).intoArray(od, i, m);
            }
        });
        if (Autograd.needsGrad(gate, up)) {
            Autograd.record(out, () -> {
                float[] dout = out.grad();
                float[] dgate = gate.requiresGrad() ? gate.gradBuffer() : null;
                float[] dup = up.requiresGrad() ? up.gradBuffer() : null;
                Split.elements(gd.length, (from, to) -> {
                    for (int i = from; i < to; i += F.length()) {
                        VectorMask<Float> m = F.indexInRange(i, to);
                        FloatVector g = FloatVector.fromArray(F, gd, i, m);
                        FloatVector s = VectorMath.sigmoid(g);
                        FloatVector d = FloatVector.fromArray(F, dout, i, m);
                        if (dgate != null) {
                            FloatVector grad = siluGrad(g, s).mul(FloatVector.fromArray(F, ud, i, m));
                            d.fma(grad, FloatVector.fromArray(F, dgate, i, m)).intoArray(dgate, i, m);
                        }
                        if (dup != null) {
                            d.fma(g.mul(s), FloatVector.fromArray(F, dup, i, m)).intoArray(dup, i, m);
                        }
                    }
                });
            });
        }
        return out;
    }
}
