package org.rlhf4j.cli;

import java.time.Duration;
import java.util.concurrent.Callable;
import org.rlhf4j.labeling.bench.LabelBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code rlhf4j bench label}: concurrent labelers against the labeling app on loopback. */
@Command(name = "label", mixinStandardHelpOptions = true,
        description = {
            "Start the labeling app on loopback with a temporary SQLite database, drive N concurrent labelers",
            "(virtual threads, HTTP) submitting rankings, some twice as a retry would, and print",
            "  label submissions_per_s=<x> p50_ms=<y> p99_ms=<z> ok=<n> lost=<a> doubled=<b>",
            "(latencies of the submitting POST). Exits 1 unless the database holds exactly the acknowledged submissions."
        })
final class BenchLabelCommand implements Callable<Integer> {
    @Option(names = "--seconds", paramLabel = "S", defaultValue = "60", description = "How long to drive (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--labelers", paramLabel = "N", defaultValue = "50", description = "Concurrent labelers (default: ${DEFAULT-VALUE}).")
    int labelers;

    @Override
    public Integer call() throws Exception {
        if (seconds < 1 || labelers < 1) {
            throw new IllegalArgumentException("--seconds and --labelers must be at least 1");
        }
        LabelBenchmark.Result r = LabelBenchmark.run(labelers, Duration.ofSeconds(seconds), System.err);
        System.out.println(r.line());
        System.out.printf("label-detail errors=%d retries=%d stored_without_ack=%d consistent=%b%n",
                r.errors(), r.retries(), r.unacknowledgedStored(), r.consistent());
        return r.consistent() ? 0 : 1;
    }
}
