package org.rlhf4j.tensor;

/**
 * A seeded, counter-based random number generator: value number {@code i} of a stream is a
 * pure function of (seed, i), so a fill split over any number of threads produces the same
 * bits. Each draw advances the counter; {@link #fork(long)} derives an independent stream.
 */
public final class Rng {
    private final long seed;
    private long counter;

    public Rng(long seed) {
        this.seed = mix(seed ^ 0x9E3779B97F4A7C15L);
    }

    /** An independent stream derived from this one's seed and {@code stream}. */
    public Rng fork(long stream) {
        return new Rng(seed * 31 + mix(stream + 0x632BE59BD9B4E019L));
    }

    /** The position of the next draw (saved with checkpoints to resume a stream exactly). */
    public long counter() {
        return counter;
    }

    public void counter(long value) {
        this.counter = value;
    }

    /** SplitMix64 finaliser: a bijective, well-mixed 64-bit hash. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private long bitsAt(long index) {
        return mix(seed + index * 0x9E3779B97F4A7C15L);
    }

    /** Uniform in [0, 1) with 24 random bits, at an absolute stream position. */
    private float uniformAt(long index) {
        return (bitsAt(index) >>> 40) * 0x1.0p-24f;
    }

    /** Standard normal at an absolute position (Box-Muller on two 53-bit uniforms). */
    private double gaussianAt(long index) {
        long b = bitsAt(index);
        long c = mix(b ^ 0xD1B54A32D192ED03L);
        double u1 = ((b >>> 11) + 1) * 0x1.0p-53; // (0, 1]
        double u2 = (c >>> 11) * 0x1.0p-53;
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }

    public float nextFloat() {
        return uniformAt(counter++);
    }

    public double nextGaussian() {
        return gaussianAt(counter++);
    }

    /** Uniform integer in [0, bound). */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive: " + bound);
        }
        return (int) (((bitsAt(counter++) >>> 33) * bound) >>> 31);
    }

    public long nextLong() {
        return bitsAt(counter++);
    }

    /** Fills {@code dst[off, off+len)} with N(mean, std^2); deterministic for any thread count. */
    public void fillNormal(float[] dst, int off, int len, float mean, float std) {
        long base = counter;
        counter += len;
        Parallel.forRange(len, 1 << 14, (from, to) -> {
            for (int i = from; i < to; i++) {
                dst[off + i] = (float) (mean + std * gaussianAt(base + i));
            }
        });
    }

    /** Fills {@code dst[off, off+len)} with uniform values in [lo, hi). */
    public void fillUniform(float[] dst, int off, int len, float lo, float hi) {
        long base = counter;
        counter += len;
        float span = hi - lo;
        Parallel.forRange(len, 1 << 14, (from, to) -> {
            for (int i = from; i < to; i++) {
                dst[off + i] = lo + span * uniformAt(base + i);
            }
        });
    }

    public Tensor normal(float mean, float std, int... shape) {
        Tensor t = Tensor.zeros(shape);
        fillNormal(t.data(), 0, t.size(), mean, std);
        return t;
    }

    public Tensor uniform(float lo, float hi, int... shape) {
        Tensor t = Tensor.zeros(shape);
        fillUniform(t.data(), 0, t.size(), lo, hi);
        return t;
    }
}
