package org.rlhf4j.labeling.web;

import java.nio.file.Path;
import java.time.Duration;
import org.rlhf4j.labeling.CandidateGenerator;
import org.rlhf4j.labeling.db.Database;

/**
 * The admin's background generation of candidate outputs: at most one run at a time, on a
 * virtual thread, its progress kept for the admin page until the next run replaces it.
 */
final class GenerationJob {
    /** What the admin page shows; {@code state} is running, finished, failed or stopped. */
    record Status(String state, String model, int done, int total, int generated, int skipped, int empty, String error) {
        boolean running() {
            return state.equals("running");
        }

        int percent() {
            return total == 0 ? (running() ? 0 : 100) : (int) (100L * done / total);
        }

        Status progress(int done, int total) {
            return new Status(state, model, done, total, generated, skipped, empty, error);
        }

        Status ended(String state, CandidateGenerator.Result r, String error) {
            return r == null
                    ? new Status(state, model, done, total, generated, skipped, empty, error)
                    : new Status(state, model, done, total, r.generated(), r.skipped(), r.empty(), error);
        }
    }

    /** What a run does: {@link CandidateGenerator#run}, or a stand-in in tests. */
    @FunctionalInterface
    interface Runner {
        CandidateGenerator.Result run(Path modelDir, CandidateGenerator.Config config, CandidateGenerator.Progress progress)
                throws Exception;
    }

    private final Runner runner;
    private volatile Status status;
    private Thread thread;

    GenerationJob(Database db) {
        this(new CandidateGenerator(db)::run);
    }

    GenerationJob(Runner runner) {
        this.runner = runner;
    }

    /** The current or last run, or null before the first. */
    Status status() {
        return status;
    }

    /** Starts a run unless one is running; false when one is. */
    synchronized boolean start(Path modelDir, CandidateGenerator.Config config) {
        if (status != null && status.running()) {
            return false;
        }
        status = new Status("running", config.nameFor(modelDir), 0, 0, 0, 0, 0, null);
        thread = Thread.ofVirtual().name("candidate-generation").start(() -> {
            try {
                CandidateGenerator.Result r = runner.run(modelDir, config,
                        (done, total) -> status = status.progress(done, total));
                status = status.ended("finished", r, null);
            } catch (Exception | Error e) {
                if (e instanceof InterruptedException || Thread.currentThread().isInterrupted()) {
                    // Closing the server interrupts the run (file reads then fail with ClosedByInterruptException).
                    status = status.ended("stopped", null, "the server stopped the run");
                    return;
                }
                System.err.println("labeling: generating candidates from " + modelDir + " failed: " + e);
                status = status.ended("failed", null, e.getMessage() == null ? e.toString() : e.getMessage());
            }
        });
        return true;
    }

    /** Stops a running job between batches (what is stored stays) and waits a little for it. */
    synchronized void close() {
        if (thread != null && thread.isAlive()) {
            thread.interrupt();
            try {
                thread.join(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
