package org.rlhf4j.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.rlhf4j.model.Architecture;
import org.rlhf4j.model.ModelConfig;
import org.rlhf4j.model.ScalarHeadModel;
import org.rlhf4j.model.TransformerModel;
import org.rlhf4j.tensor.Parallel;
import org.rlhf4j.tensor.Rng;
import org.rlhf4j.train.config.PpoConfig;
import org.rlhf4j.train.ppo.PpoTrainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code rlhf4j bench ppo}: one PPO iteration, the shape of the PyTorch peer (../shared/peers/bench_ppo_plain.py). */
@Command(name = "ppo", mixinStandardHelpOptions = true,
        description = {
            "Time PPO iterations of 64 episodes (prompt 32 random tokens, response 53 tokens at temperature 0.7, "
                    + "4 PPO epochs of 1 minibatch) with all four models 6 layers, d 384, vocab 8192, random weights, "
                    + "and print per thread count:",
            "  ppo arch=gpt2 layers=6 d=384 episodes=64 response=53 threads=<t> seconds_per_iteration=<x> "
                    + "generation_share=<y> peak_rss_mb=<z>",
            "seconds_per_iteration is the median of --runs iterations after one warm-up iteration; generation_share "
                    + "the share of that time spent sampling; peak_rss_mb the process's peak resident memory so far."
        })
final class BenchPpoCommand implements Callable<Integer> {
    @Option(names = "--threads", split = ",", paramLabel = "N", defaultValue = "1,2",
            description = "Thread counts to measure, comma-separated (default: ${DEFAULT-VALUE}).")
    List<Integer> threads;

    @Option(names = "--runs", paramLabel = "N", defaultValue = "3",
            description = "Timed iterations per thread count; the median is printed (default: ${DEFAULT-VALUE}).")
    int runs;

    @Override
    public Integer call() throws IOException {
        BenchGemmCommand.requireCounts(runs, threads);
        PrintStream out = System.out;
        ModelConfig config = new ModelConfig(Architecture.GPT2, 8192, 384, 6, 6, 6, 64, 1536, 128, 1e-5f, 10000, null,
                true, true, true, true, 0f, 0f, 8191, new int[] {8191}, -1);
        PpoConfig c = new PpoConfig();
        c.batchSize = 64;
        c.totalEpisodes = 64;
        c.responseLength = 53;
        c.temperature = 0.7f;
        c.numPpoEpochs = 4;
        c.numMiniBatches = 1;
        c.learningRate = 3e-6;
        c.warmupSteps = 0;
        c.sampleEvery = 0;
        Rng rng = new Rng(7);
        List<int[]> prompts = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            int[] p = new int[32];
            for (int j = 0; j < 32; j++) {
                p[j] = rng.nextInt(8191);
            }
            prompts.add(p);
        }
        PrintStream quiet = new PrintStream(PrintStream.nullOutputStream());
        int saved = Parallel.threads();
        try {
            for (int t : threads) {
                Parallel.setThreads(t);
                TransformerModel policy = TransformerModel.initialise(config, true, 1);
                ScalarHeadModel rm = ScalarHeadModel.fromCausalLm(TransformerModel.initialise(config, true, 2), 3);
                List<Map<String, Double>> rows = PpoTrainer.iterate(c, policy, rm, prompts, runs + 1, quiet);
                double[] seconds = new double[runs];
                double[] generation = new double[runs];
                for (int r = 0; r < runs; r++) {
                    Map<String, Double> row = rows.get(r + 1);
                    seconds[r] = row.get("time/generation_s") + row.get("time/scoring_s") + row.get("time/optimization_s");
                    generation[r] = row.get("time/generation_s") / seconds[r];
                }
                Arrays.sort(generation);
                out.println(String.format(Locale.ROOT, "ppo arch=gpt2 layers=6 d=384 episodes=64 response=53 threads=%d "
                        + "seconds_per_iteration=%.2f generation_share=%.2f peak_rss_mb=%d", t,
                        org.rlhf4j.bench.TrainStepBenchmark.median(seconds), generation[runs / 2], peakRssMb()));
                out.flush();
            }
        } finally {
            Parallel.setThreads(saved);
        }
        return 0;
    }

    /** VmHWM of /proc/self/status (Linux), -1 elsewhere. */
    private static long peakRssMb() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.isReadable(status)) {
            return -1;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
            }
        }
        return -1;
    }
}
