package org.rlhf4j.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.rlhf4j.model.ModelConfig;
import org.rlhf4j.model.TransformerModel;
import org.rlhf4j.model.generate.Generator;
import org.rlhf4j.model.generate.SamplingConfig;
import org.rlhf4j.tensor.Parallel;
import org.rlhf4j.tensor.Rng;

/**
 * Generation throughput with the KV cache: a randomly initialised GPT-2-shaped model (6 layers,
 * d 384, vocabulary 8192) continues {@code batch} random prompts of {@value #PROMPT} tokens by
 * {@value #NEW_TOKENS} sampled tokens (fixed seed, no stop tokens, so every call produces the same
 * count). Prints one line per (batch, thread count):
 * {@code generate arch=gpt2 layers=6 d=384 batch=.. prompt=32 new=64 threads=.. tokens_per_s=..},
 * where tokens/s is batch x new tokens over the whole call (prompt included), median of the runs.
 */
public final class GenerateBenchmark {
    private GenerateBenchmark() {}

    public static final int PROMPT = 32;
    public static final int NEW_TOKENS = 64;
    public static final int WARMUP_RUNS = 2;
    public static final int DEFAULT_RUNS = 5;
    public static final List<Integer> DEFAULT_BATCHES = List.of(1, 16);

    public static void main(String[] args) {
        run(System.out, DEFAULT_BATCHES, List.of(1, 2), DEFAULT_RUNS);
    }

    /** The benchmark model: 6 layers, d 384, 6 heads, vocabulary 8192. */
    public static ModelConfig config() {
        return TrainStepBenchmark.gpt2(8192, 384, 6, 6);
    }

    public static void run(PrintStream out, List<Integer> batches, List<Integer> threads, int runs) {
        run(out, config(), batches, threads, runs, PROMPT, NEW_TOKENS);
    }

    /** Times every (batch, thread count) on {@code config}; restores the thread count of {@link Parallel}. */
    public static void run(PrintStream out, ModelConfig config, List<Integer> batches, List<Integer> threads, int runs,
                           int promptLength, int newTokens) {
        for (int b : batches) {
            if (b < 1) {
                throw new IllegalArgumentException("batch sizes must be at least 1, got " + b);
            }
        }
        TransformerModel model = TransformerModel.initialise(config, true, 42);
        Generator generator = new Generator(model);
        SamplingConfig sampling = SamplingConfig.sample(newTokens, 1234);
        int saved = Parallel.threads();
        try {
            for (int b : batches) {
                List<int[]> prompts = prompts(b, promptLength, config.vocabSize());
                for (int t : threads) {
                    Parallel.setThreads(t);
                    double[] seconds = new double[Math.max(1, runs)];
                    for (int r = -WARMUP_RUNS; r < seconds.length; r++) {
                        long t0 = System.nanoTime();
                        generator.generate(prompts, sampling);
                        if (r >= 0) {
                            seconds[r] = (System.nanoTime() - t0) * 1e-9;
                        }
                    }
                    double tokensPerSecond = (double) b * newTokens / TrainStepBenchmark.median(seconds);
                    out.println(String.format(Locale.ROOT,
                            "generate arch=gpt2 layers=%d d=%d batch=%d prompt=%d new=%d threads=%d tokens_per_s=%.1f",
                            config.numLayers(), config.hiddenSize(), b, promptLength, newTokens, t, tokensPerSecond));
                    out.flush();
                }
            }
        } finally {
            Parallel.setThreads(saved);
        }
    }

    private static List<int[]> prompts(int batch, int length, int vocab) {
        Rng rng = new Rng(99);
        List<int[]> prompts = new ArrayList<>();
        for (int i = 0; i < batch; i++) {
            int[] p = new int[length];
            for (int j = 0; j < length; j++) {
                p[j] = rng.nextInt(vocab);
            }
            prompts.add(p);
        }
        return prompts;
    }
}
