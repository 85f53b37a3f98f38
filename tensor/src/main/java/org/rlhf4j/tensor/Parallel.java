package org.rlhf4j.tensor;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The one shared thread pool. Work is split into contiguous ranges, one per thread; the
 * calling thread runs the first range itself. A parallel call made from inside a worker
 * runs serially, so nested kernels never deadlock or oversubscribe the cores.
 *
 * <p>Kernels must give bit-identical results whatever the thread count: each output
 * element is reduced by exactly one thread in a fixed order.
 */
public final class Parallel {
    private Parallel() {}

    /** Body of a parallel loop over {@code [from, to)}. */
    @FunctionalInterface
    public interface RangeBody {
        void run(int from, int to);
    }

    private static final int MAX_THREADS = Math.max(1, Runtime.getRuntime().availableProcessors());
    private static volatile int threads = Math.max(1, Math.min(MAX_THREADS,
            Integer.getInteger("rlhf4j.threads", MAX_THREADS)));
    private static final ThreadLocal<Boolean> INSIDE = ThreadLocal.withInitial(() -> false);
    private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "rlhf4j-worker");
        t.setDaemon(true);
        return t;
    });

    /** Threads kernels may use now (default: all cores, or the {@code rlhf4j.threads} property). */
    public static int threads() {
        return threads;
    }

    /** Sets the thread count for all later kernels (clamped to 1..2x the core count). */
    public static void setThreads(int n) {
        threads = Math.max(1, Math.min(2 * MAX_THREADS, n));
    }

    /**
     * Runs {@code body} over {@code [0, n)} split into at most {@link #threads()} contiguous
     * ranges of at least {@code grain} items each.
     */
    public static void forRange(int n, int grain, RangeBody body) {
        int parts = Math.min(threads, Math.max(1, n / Math.max(1, grain)));
        if (parts <= 1 || INSIDE.get()) {
            if (n > 0) {
                body.run(0, n);
            }
            return;
        }
        forParts(parts, p -> body.run((int) ((long) n * p / parts), (int) ((long) n * (p + 1) / parts)));
    }

    /** Body of a loop over part indices. */
    @FunctionalInterface
    public interface PartBody {
        void run(int part);
    }

    /** Runs {@code body(0..parts-1)}, part 0 on the calling thread, the rest on the pool. */
    public static void forParts(int parts, PartBody body) {
        if (parts <= 1 || INSIDE.get()) {
            for (int p = 0; p < parts; p++) {
                body.run(p);
            }
            return;
        }
        CountDownLatch done = new CountDownLatch(parts - 1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        for (int p = 1; p < parts; p++) {
            final int part = p;
            POOL.execute(() -> {
                INSIDE.set(true);
                try {
                    body.run(part);
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                } finally {
                    INSIDE.set(false);
                    done.countDown();
                }
            });
        }
        INSIDE.set(true);
        try {
            body.run(0);
        } catch (Throwable t) {
            failure.compareAndSet(null, t);
        } finally {
            INSIDE.set(false);
        }
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for worker threads", e);
        }
        Throwable t = failure.get();
        if (t instanceof RuntimeException re) {
            throw re;
        }
        if (t instanceof Error err) {
            throw err;
        }
        if (t != null) {
            throw new IllegalStateException(t);
        }
    }
}
