package org.rlhf4j.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.rlhf4j.bench.TrainStepBenchmark;
import org.rlhf4j.model.TransformerModel;
import org.rlhf4j.tensor.Parallel;
import org.rlhf4j.tensor.Rng;
import org.rlhf4j.tensor.Tensor;
import org.rlhf4j.tensor.optim.AdamW;
import org.rlhf4j.train.data.Ranking;
import org.rlhf4j.train.dpo.DpoLoss;
import org.rlhf4j.train.lm.ResponseLogProbs;
import org.rlhf4j.train.rm.RankedPairs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code rlhf4j bench dpo}: DPO steps on K-wise rankings, forwarded whole or as pairs. */
@Command(name = "dpo", mixinStandardHelpOptions = true,
        description = {
            "Time DPO steps (forward, backward, AdamW) on 8 prompts with K = 4 ranked responses of 256 tokens "
                    + "(prompt 32 + response 224) on a random 6-layer d 384 GPT-2-shaped model, vocab 8192, two ways:",
            "kwise (each prompt's 4 responses forwarded once, all 6 pairs in one batch element: 32 rows a step) and "
                    + "pairwise (each of the 48 pairs forwards its chosen and its rejected response: 96 rows). Prints:",
            "  dpo arch=gpt2 layers=6 d=384 k=4 prompts=8 seq=256 batching=<kwise|pairwise> threads=<t> pairs_per_s=<x> "
                    + "forward_rows_per_step=<n>",
            "  dpo-ratio threads=<t> kwise_over_pairwise=<x>",
            "Each figure is the median of --runs steps after one warm-up step."
        })
final class BenchDpoCommand implements Callable<Integer> {
    private static final int PROMPTS = 8;
    private static final int K = 4;
    private static final int PROMPT = 32;
    private static final int LENGTH = 256;

    @Option(names = "--threads", split = ",", paramLabel = "N", defaultValue = "1,2",
            description = "Thread counts to measure, comma-separated (default: ${DEFAULT-VALUE}).")
    List<Integer> threads;

    @Option(names = "--runs", paramLabel = "N", defaultValue = "3",
            description = "Timed steps per case; the median is printed (default: ${DEFAULT-VALUE}).")
    int runs;

    @Override
    public Integer call() {
        BenchGemmCommand.requireCounts(runs, threads);
        PrintStream out = System.out;
        Rng rng = new Rng(11);
        List<int[]> responses = new ArrayList<>();
        for (int i = 0; i < PROMPTS * K; i++) {
            int[] s = new int[LENGTH];
            for (int j = 0; j < LENGTH; j++) {
                s[j] = rng.nextInt(8192);
            }
            responses.add(s);
        }
        int saved = Parallel.threads();
        try {
            for (int t : threads) {
                Parallel.setThreads(t);
                double kwise = time(true, responses, rng, out, t);
                double pairwise = time(false, responses, rng, out, t);
                out.println(String.format(Locale.ROOT, "dpo-ratio threads=%d kwise_over_pairwise=%.2f", t, kwise / pairwise));
                out.flush();
            }
        } finally {
            Parallel.setThreads(saved);
        }
        return 0;
    }

    /** Pairs per second of one batching; prints its line. */
    private double time(boolean kWise, List<int[]> responses, Rng rng, PrintStream out, int threads) {
        TransformerModel model = TransformerModel.initialise(TrainStepBenchmark.gpt2(8192, 384, 6, 6), true, 1);
        AdamW optimizer = new AdamW(model.parameterList(), AdamW.Config.defaults());
        List<int[]> sequences = new ArrayList<>();
        List<RankedPairs.Prompt> prompts = new ArrayList<>();
        List<int[]> order = Ranking.order(3, 1, 0, 2).pairs();
        for (int p = 0; p < PROMPTS; p++) {
            if (kWise) {
                prompts.add(new RankedPairs.Prompt(sequences.size(), K, order));
                sequences.addAll(responses.subList(p * K, (p + 1) * K));
            } else {
                for (int[] pair : order) {
                    prompts.add(new RankedPairs.Prompt(sequences.size(), 2, Ranking.pairwise().pairs()));
                    sequences.add(responses.get(p * K + pair[0]));
                    sequences.add(responses.get(p * K + pair[1]));
                }
            }
        }
        int[] promptLengths = new int[sequences.size()];
        java.util.Arrays.fill(promptLengths, PROMPT);
        // reference log-probs: random, fixed; they enter the loss as constants and cost nothing to time
        float[] reference = new float[sequences.size()];
        for (int i = 0; i < reference.length; i++) {
            reference[i] = -500f + rng.nextInt(100);
        }
        double[] seconds = new double[runs];
        for (int r = -1; r < runs; r++) {
            long t0 = System.nanoTime();
            optimizer.zeroGrad();
            Tensor logps = ResponseLogProbs.perSequence(model, sequences, promptLengths);
            DpoLoss.compute(logps, reference, prompts, 0.1, 0, "sigmoid").loss().backward();
            optimizer.step(1e-6);
            if (r >= 0) {
                seconds[r] = (System.nanoTime() - t0) * 1e-9;
            }
        }
        int pairs = PROMPTS * K * (K - 1) / 2;
        double pairsPerSecond = pairs / TrainStepBenchmark.median(seconds);
        out.println(String.format(Locale.ROOT, "dpo arch=gpt2 layers=6 d=384 k=%d prompts=%d seq=%d batching=%s threads=%d "
                + "pairs_per_s=%.2f forward_rows_per_step=%d", K, PROMPTS, LENGTH, kWise ? "kwise" : "pairwise", threads,
                pairsPerSecond, sequences.size()));
        out.flush();
        return pairsPerSecond;
    }
}
