package org.rlhf4j.tensor;

import java.util.Arrays;

/** Shape arithmetic and the checks that give ops clear error messages. */
public final class Shapes {
    private Shapes() {}

    public static int size(int... shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            n *= d;
        }
        if (n > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has more elements than a Java array can hold");
        }
        return (int) n;
    }

    static int flatIndex(int[] shape, int[] index) {
        if (index.length != shape.length) {
            throw new IllegalArgumentException("index " + Arrays.toString(index) + " does not match shape " + Arrays.toString(shape));
        }
        int flat = 0;
        for (int i = 0; i < shape.length; i++) {
            if (index[i] < 0 || index[i] >= shape[i]) {
                throw new IndexOutOfBoundsException("index " + Arrays.toString(index) + " out of shape " + Arrays.toString(shape));
            }
            flat = flat * shape[i] + index[i];
        }
        return flat;
    }

    static int[] resolveReshape(int[] from, int[] to) {
        int total = size(from);
        int known = 1;
        int free = -1;
        int[] out = to.clone();
        for (int i = 0; i < out.length; i++) {
            if (out[i] == -1) {
                if (free >= 0) {
                    throw new IllegalArgumentException("reshape " + Arrays.toString(to) + ": at most one -1");
                }
                free = i;
            } else {
                known *= out[i];
            }
        }
        if (free >= 0) {
            if (known == 0 || total % known != 0) {
                throw new IllegalArgumentException("cannot reshape " + Arrays.toString(from) + " to " + Arrays.toString(to));
            }
            out[free] = total / known;
        }
        if (size(out) != total) {
            throw new IllegalArgumentException("cannot reshape " + Arrays.toString(from) + " to " + Arrays.toString(to));
        }
        return out;
    }

    /** Throws unless the two shapes are equal; {@code what} names the op for the message. */
    public static void requireSame(String what, Tensor a, Tensor b) {
        if (!Arrays.equals(a.shape(), b.shape())) {
            throw new IllegalArgumentException(what + ": shapes differ, " + Arrays.toString(a.shape())
                    + " vs " + Arrays.toString(b.shape()));
        }
    }

    public static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
