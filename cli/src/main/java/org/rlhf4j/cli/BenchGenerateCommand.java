package org.rlhf4j.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.rlhf4j.bench.GenerateBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code rlhf4j bench generate}: batched generation throughput with the KV cache. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {
            "Time sampling 64 new tokens after 32-token random prompts with a randomly initialised GPT-2-shaped "
                    + "model (6 layers, d 384, vocab 8192, KV cache, fixed seed, no stop tokens); one line per case:",
            "  generate arch=gpt2 layers=6 d=384 batch=<b> prompt=32 new=64 threads=<t> tokens_per_s=<x>",
            "tokens/s is batch x 64 over the whole call, prompt included; median of the timed runs after 2 warm-up runs."
        })
final class BenchGenerateCommand implements Callable<Integer> {

    @Option(names = "--threads", split = ",", paramLabel = "N", defaultValue = "1,2",
            description = "Thread counts to measure, comma-separated (default: ${DEFAULT-VALUE}).")
    List<Integer> threads;

    @Option(names = "--runs", paramLabel = "N", defaultValue = "5",
            description = "Timed runs per case; the median is printed (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--batches", split = ",", paramLabel = "B", defaultValue = "1,16",
            description = "Batch sizes (prompts generated together) to measure (default: ${DEFAULT-VALUE}).")
    List<Integer> batches;

    @Override
    public Integer call() {
        BenchGemmCommand.requireCounts(runs, threads);
        GenerateBenchmark.run(System.out, batches, threads, runs);
        return 0;
    }
}
