package org.rlhf4j.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.rlhf4j.bench.TrainStepBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code rlhf4j bench train-step}: training throughput of GPT-2-shaped models. */
@Command(name = "train-step", mixinStandardHelpOptions = true,
        description = {
            "Time training steps (forward, fused unembedding + cross-entropy, backward, AdamW) of randomly "
                    + "initialised GPT-2-shaped models on random tokens, dropout off, and print one line per case:",
            "  train-step arch=gpt2 layers=<n> d=<d> heads=<h> seq=<t> batch=<b> vocab=<v> threads=<t> tokens_per_s=<x>",
            "Each figure is the median of the timed steps, after 2 warm-up steps.",
            "Cases: small (6 layers, d 384, seq 256, batch 8, vocab 8192) and gpt2-small "
                    + "(12 layers, d 768, seq 512, batch 4, vocab 50257; about 10 s a step on 2 cores)."
        })
final class BenchTrainStepCommand implements Callable<Integer> {

    @Option(names = "--threads", split = ",", paramLabel = "N", defaultValue = "1,2",
            description = "Thread counts to measure, comma-separated (default: ${DEFAULT-VALUE}).")
    List<Integer> threads;

    @Option(names = "--runs", paramLabel = "N", defaultValue = "5",
            description = "Timed steps per case; the median is printed (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--cases", split = ",", paramLabel = "NAME", defaultValue = "small,gpt2-small",
            description = "Cases to run: small, gpt2-small (default: ${DEFAULT-VALUE}).")
    List<String> cases;

    @Override
    public Integer call() {
        BenchGemmCommand.requireCounts(runs, threads);
        TrainStepBenchmark.run(System.out, TrainStepBenchmark.cases(cases), threads, runs);
        return 0;
    }
}
