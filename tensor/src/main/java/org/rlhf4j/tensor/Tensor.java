package org.rlhf4j.tensor;

import java.util.Arrays;

/**
 * A dense fp32 tensor: a row-major {@code float[]} and a shape. Tensors are always
 * contiguous and start at index 0 of {@link #data}; ops that want a different layout
 * (per-head slices in attention, transposed operands in GEMM) index the array directly
 * rather than building strided views.
 *
 * <p>A tensor that {@link #requiresGrad()} gets a gradient buffer of the same size the
 * first time a backward pass reaches it. Gradients of leaf tensors (parameters)
 * accumulate across backward passes until {@link #zeroGrad()}.
 */
public final class Tensor {
    private final float[] data;
    private final int[] shape;
    private final int size;
    private float[] grad;
    private boolean requiresGrad;
    private String name;

    private Tensor(float[] data, int[] shape) {
        this.shape = shape.clone();
        this.size = Shapes.size(shape);
        if (data.length != size) {
            throw new IllegalArgumentException("data has " + data.length + " elements but shape "
                    + Arrays.toString(shape) + " needs " + size);
        }
        this.data = data;
    }

    /** A tensor over {@code data} (not copied). */
    public static Tensor of(float[] data, int... shape) {
        return new Tensor(data, shape);
    }

    public static Tensor zeros(int... shape) {
        return new Tensor(new float[Shapes.size(shape)], shape);
    }

    public static Tensor full(float value, int... shape) {
        float[] d = new float[Shapes.size(shape)];
        Arrays.fill(d, value);
        return new Tensor(d, shape);
    }

    public static Tensor scalar(float value) {
        return new Tensor(new float[] {value}, new int[0]);
    }

    /** A trainable leaf: a named tensor that requires gradients. */
    public static Tensor parameter(String name, float[] data, int... shape) {
        Tensor t = new Tensor(data, shape);
        t.requiresGrad = true;
        t.name = name;
        return t;
    }

    public float[] data() {
        return data;
    }

    public int[] shape() {
        return shape.clone();
    }

    public int dim(int axis) {
        return shape[axis < 0 ? shape.length + axis : axis];
    }

    public int rank() {
        return shape.length;
    }

    public int size() {
        return size;
    }

    /** The product of all dimensions but the last: the number of rows of a matrix view. */
    public int rows() {
        return shape.length == 0 ? 1 : size / shape[shape.length - 1];
    }

    /** The last dimension. */
    public int cols() {
        return shape.length == 0 ? 1 : shape[shape.length - 1];
    }

    public float item() {
        if (size != 1) {
            throw new IllegalStateException("item() needs a one-element tensor, shape is " + Arrays.toString(shape));
        }
        return data[0];
    }

    public float get(int... index) {
        return data[Shapes.flatIndex(shape, index)];
    }

    public void set(float value, int... index) {
        data[Shapes.flatIndex(shape, index)] = value;
    }

    public boolean requiresGrad() {
        return requiresGrad;
    }

    public Tensor requiresGrad(boolean value) {
        this.requiresGrad = value;
        return this;
    }

    public String name() {
        return name;
    }

    public Tensor name(String value) {
        this.name = value;
        return this;
    }

    /** The gradient, or null when no backward pass has reached this tensor since the last zeroGrad. */
    public float[] grad() {
        return grad;
    }

    /** The gradient buffer, allocated (zeroed) on first use; backward functions accumulate into it. */
    public float[] gradBuffer() {
        if (grad == null) {
            grad = new float[size];
        }
        return grad;
    }

    public void zeroGrad() {
        if (grad != null) {
            Arrays.fill(grad, 0f);
        }
    }

    /** Drops the gradient buffer entirely (frees memory; the next backward allocates it anew). */
    public void clearGrad() {
        grad = null;
    }

    /** A deep copy of the data, outside the autograd graph. */
    public Tensor copy() {
        return new Tensor(data.clone(), shape);
    }

    /**
     * The same data under another shape (one dimension may be -1). The result shares the
     * data; gradients flowing into it are added to this tensor's gradient.
     */
    public Tensor reshape(int... newShape) {
        int[] resolved = Shapes.resolveReshape(shape, newShape);
        Tensor out = new Tensor(data, resolved);
        if (Autograd.needsGrad(this)) {
            Autograd.record(out, () -> Kernels.addInto(out.grad, 0, gradBuffer(), 0, size));
        }
        return out;
    }

    /** Runs the backward pass from this scalar (see {@link Autograd#backward(Tensor)}). */
    public void backward() {
        Autograd.backward(this);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Tensor");
        if (name != null) {
            sb.append(' ').append(name);
        }
        sb.append(Arrays.toString(shape));
        int n = Math.min(size, 8);
        sb.append(" [");
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : ", ").append(data[i]);
        }
        return sb.append(size > n ? ", ...]" : "]").toString();
    }
}
