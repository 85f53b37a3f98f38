package org.rlhf4j.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.rlhf4j.bench.GemmBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code rlhf4j bench gemm}: single-precision GEMM throughput of the compute engine. */
@Command(name = "gemm", mixinStandardHelpOptions = true,
        description = {
            "Time C = op(A) * op(B) on training and generation shapes and print one line per case:",
            "  gemm M=<m> N=<n> K=<k> threads=<t> gflops=<x>[ op=nt|tn]",
            "Each figure is the median of the timed runs, after warm-up. Inputs are seeded random."
        })
final class BenchGemmCommand implements Callable<Integer> {

    @Option(names = "--threads", split = ",", paramLabel = "N",
            description = "Thread counts to measure, comma-separated (default: ${DEFAULT-VALUE}).",
            defaultValue = "1,2")
    List<Integer> threads;

    @Option(names = "--runs", paramLabel = "N",
            description = "Timed runs per case; the median is printed (default: ${DEFAULT-VALUE}).",
            defaultValue = "7")
    int runs;

    @Option(names = "--variants", split = ",", paramLabel = "OP",
            description = "Which products: nn (A*B), nt (A*B^T, B stored [N x K]), "
                    + "tn (A^T*B, A stored [K x M]) (default: ${DEFAULT-VALUE}).",
            defaultValue = "nn")
    List<String> variants;

    @Option(names = "--shapes", split = ",", paramLabel = "MxNxK",
            description = "Shapes to measure (default: ${DEFAULT-VALUE}).",
            defaultValue = "768x768x768,1024x3072x768,64x50257x768")
    List<String> shapes;

    @Override
    public Integer call() {
        requireCounts(runs, threads);
        List<GemmBenchmark.Shape> parsed = new ArrayList<>();
        for (String s : shapes) {
            parsed.add(GemmBenchmark.parseShape(s));
        }
        GemmBenchmark.run(System.out, parsed, threads, variants, runs);
        return 0;
    }

    /** The checks every benchmark makes of --runs and --threads. */
    static void requireCounts(int runs, List<Integer> threads) {
        if (runs < 1) {
            throw new IllegalArgumentException("--runs must be at least 1");
        }
        for (int t : threads) {
            if (t < 1) {
                throw new IllegalArgumentException("--threads values must be at least 1");
            }
        }
    }
}
