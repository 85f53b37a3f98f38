package org.rlhf4j.bench;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.rlhf4j.tensor.Gemm;
import org.rlhf4j.tensor.Parallel;
import org.rlhf4j.tensor.Rng;

/**
 * GEMM throughput on the shapes that dominate training and generation: a square block,
 * a transformer MLP projection (1024 tokens, 768 -> 3072) and a GPT-2 vocabulary projection
 * for a batch of 64 positions. Prints one line per case:
 * {@code gemm M=.. N=.. K=.. threads=.. gflops=..}, with {@code op=nt|tn} appended for the
 * transposed variants. The figure is the median of the timed runs, after warm-up runs that
 * let C2 compile the kernels.
 */
public final class GemmBenchmark {
    private GemmBenchmark() {}

    /** C[m x n] = op(A)[m x k] * op(B)[k x n]. */
    public record Shape(int m, int n, int k) {}

    public static final List<Shape> DEFAULT_SHAPES = List.of(
            new Shape(768, 768, 768), new Shape(1024, 3072, 768), new Shape(64, 50257, 768));
    public static final List<Integer> DEFAULT_THREADS = List.of(1, 2);
    public static final List<String> VARIANTS = List.of("nn", "nt", "tn");
    public static final int DEFAULT_RUNS = 7;

    /** Runs the default cases, plain A*B only. */
    public static void main(String[] args) {
        run(System.out, DEFAULT_SHAPES, DEFAULT_THREADS, List.of("nn"), DEFAULT_RUNS);
    }

    /**
     * Times every (shape, variant, thread count) and prints one line each. The thread count of
     * {@link Parallel} is restored afterwards.
     */
    public static void run(PrintStream out, List<Shape> shapes, List<Integer> threads, List<String> variants, int runs) {
        run(out, shapes, threads, variants, runs, 1.0);
    }

    /** As above, with at least {@code warmupSeconds} of warm-up calls before each case. */
    public static void run(PrintStream out, List<Shape> shapes, List<Integer> threads, List<String> variants,
                           int runs, double warmupSeconds) {
        for (String op : variants) {
            if (!VARIANTS.contains(op)) {
                throw new IllegalArgumentException("unknown variant " + op + " (expected one of " + VARIANTS + ")");
            }
        }
        int saved = Parallel.threads();
        try {
            for (Shape s : shapes) {
                Operands x = Operands.random(s, 42);
                for (String op : variants) {
                    for (int t : threads) {
                        Parallel.setThreads(t);
                        double gflops = measure(x, op, runs, (long) (warmupSeconds * 1e9));
                        out.println(String.format(Locale.ROOT, "gemm M=%d N=%d K=%d threads=%d gflops=%.1f%s",
                                s.m(), s.n(), s.k(), t, gflops, op.equals("nn") ? "" : " op=" + op));
                        out.flush();
                    }
                }
            }
        } finally {
            Parallel.setThreads(saved);
        }
    }

    /** Seeded inputs of one shape. The same arrays serve every variant: only the layout read changes. */
    private record Operands(Shape shape, float[] a, float[] b, float[] c) {
        static Operands random(Shape s, long seed) {
            Rng rng = new Rng(seed);
            float[] a = new float[s.m() * s.k()];
            float[] b = new float[s.k() * s.n()];
            rng.fillUniform(a, 0, a.length, -1f, 1f);
            rng.fillUniform(b, 0, b.length, -1f, 1f);
            return new Operands(s, a, b, new float[s.m() * s.n()]);
        }

        void multiply(String op) {
            int m = shape.m(), n = shape.n(), k = shape.k();
            switch (op) {
                case "nn" -> Gemm.nn(m, n, k, a, b, c, false);
                case "nt" -> Gemm.nt(m, n, k, a, b, c, false);
                case "tn" -> Gemm.tn(m, n, k, a, b, c, false);
                default -> throw new IllegalArgumentException(op);
            }
        }
    }

    /**
     * Median GFLOP/s of {@code runs} timed calls, after at least 3 warm-up calls and
     * {@code warmupNanos} (C2 needs about a second to compile the kernels at full optimization).
     * Warm-up goes on (up to 10 s) while the latest call is more than 1.25x the fastest so far:
     * C2 sometimes throws its first kernel away ("uncommon trap") near the end of the first
     * second, and timing the C1 code that stands in meanwhile gave 40 instead of 180 GFLOP/s.
     */
    private static double measure(Operands x, String op, int runs, long warmupNanos) {
        long warmStart = System.nanoTime();
        long fastest = Long.MAX_VALUE;
        long latest = Long.MAX_VALUE;
        for (int w = 0; w < 3 || System.nanoTime() - warmStart < warmupNanos
                || (latest > 1.25 * fastest && System.nanoTime() - warmStart < 10 * warmupNanos); w++) {
            long t0 = System.nanoTime();
            x.multiply(op);
            latest = System.nanoTime() - t0;
            fastest = Math.min(fastest, latest);
        }
        double[] seconds = new double[Math.max(1, runs)];
        for (int r = 0; r < seconds.length; r++) {
            long t0 = System.nanoTime();
            x.multiply(op);
            seconds[r] = (System.nanoTime() - t0) * 1e-9;
        }
        Arrays.sort(seconds);
        double median = seconds.length % 2 == 1
                ? seconds[seconds.length / 2]
                : 0.5 * (seconds[seconds.length / 2 - 1] + seconds[seconds.length / 2]);
        Shape s = x.shape();
        return 2.0 * s.m() * s.n() * s.k() / median / 1e9;
    }

    /** Parses "768x768x768" (M x N x K). */
    public static Shape parseShape(String text) {
        String[] parts = text.toLowerCase(Locale.ROOT).split("x");
        if (parts.length != 3) {
            throw new IllegalArgumentException("shape must be MxNxK, got " + text);
        }
        return new Shape(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()),
                Integer.parseInt(parts[2].trim()));
    }
}
