package org.rlhf4j.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.rlhf4j.model.Architecture;
import org.rlhf4j.model.ModelConfig;
import org.rlhf4j.model.TransformerModel;
import org.rlhf4j.tensor.Parallel;
import org.rlhf4j.tensor.Rng;
import org.rlhf4j.tensor.Tensor;
import org.rlhf4j.tensor.ops.CrossEntropy;
import org.rlhf4j.tensor.optim.AdamW;

/**
 * Training throughput of a GPT-2-shaped model: one step is forward, the fused unembedding +
 * cross-entropy loss, backward and an AdamW update, on seeded random token ids with dropout
 * off. Prints one line per (case, thread count):
 * {@code train-step arch=gpt2 layers=.. d=.. heads=.. seq=.. batch=.. vocab=.. threads=.. tokens_per_s=..},
 * the median over the timed steps after {@value #WARMUP_STEPS} warm-up steps.
 */
public final class TrainStepBenchmark {
    private TrainStepBenchmark() {}

    public static final int WARMUP_STEPS = 2;
    public static final int DEFAULT_RUNS = 5;

    /** A model shape and the batch it trains on. */
    public record Case(String name, int layers, int d, int heads, int seq, int batch, int vocab) {
        /** GPT-2 shapes: learned positions (1024), MLP 4d, layernorm eps 1e-5, tied embeddings, biases, no dropout. */
        public ModelConfig config() {
            return gpt2(vocab, d, layers, heads);
        }
    }

    public static final Case SMALL = new Case("small", 6, 384, 6, 256, 8, 8192);
    public static final Case GPT2_SMALL = new Case("gpt2-small", 12, 768, 12, 512, 4, 50257);
    public static final List<Case> CASES = List.of(SMALL, GPT2_SMALL);

    /** A GPT-2 config of the given size: 1024 positions, MLP 4d, eps 1e-5, tied, biases, dropout 0, no special ids. */
    public static ModelConfig gpt2(int vocab, int d, int layers, int heads) {
        return new ModelConfig(Architecture.GPT2, vocab, d, layers, heads, heads, d / heads, 4 * d, 1024, 1e-5f,
                10000, null, true, true, true, true, 0f, 0f, -1, new int[0], -1);
    }

    /** The cases named (small, gpt2-small), in the order given. */
    public static List<Case> cases(List<String> names) {
        List<Case> out = new ArrayList<>();
        for (String name : names) {
            Case c = CASES.stream().filter(k -> k.name().equals(name)).findFirst().orElseThrow(() ->
                    new IllegalArgumentException("unknown case " + name + " (expected one of small, gpt2-small)"));
            out.add(c);
        }
        return out;
    }

    public static void main(String[] args) {
        run(System.out, CASES, List.of(1, 2), DEFAULT_RUNS);
    }

    /** Times every (case, thread count) and prints one line each; restores the thread count of {@link Parallel}. */
    public static void run(PrintStream out, List<Case> cases, List<Integer> threads, int runs) {
        int saved = Parallel.threads();
        try {
            for (Case c : cases) {
                for (int t : threads) {
                    Parallel.setThreads(t);
                    double tokensPerSecond = measure(c, runs);
                    out.println(String.format(Locale.ROOT,
                            "train-step arch=gpt2 layers=%d d=%d heads=%d seq=%d batch=%d vocab=%d threads=%d tokens_per_s=%.1f",
                            c.layers(), c.d(), c.heads(), c.seq(), c.batch(), c.vocab(), t, tokensPerSecond));
                    out.flush();
                }
            }
        } finally {
            Parallel.setThreads(saved);
        }
    }

    /** Median tokens/s of {@code runs} steps after the warm-up steps; a fresh model and optimizer per call. */
    static double measure(Case c, int runs) {
        ModelConfig config = c.config();
        TransformerModel model = TransformerModel.initialise(config, true, 42);
        model.train(false, null);
        AdamW optimizer = new AdamW(model.parameterList(), AdamW.Config.defaults());
        int n = c.batch() * c.seq();
        Rng rng = new Rng(7);
        int[] tokens = new int[n];
        int[] targets = new int[n];
        int[] positions = new int[n];
        for (int i = 0; i < n; i++) {
            tokens[i] = rng.nextInt(c.vocab());
            targets[i] = rng.nextInt(c.vocab());
            positions[i] = i % c.seq();
        }
        double[] seconds = new double[Math.max(1, runs)];
        for (int step = -WARMUP_STEPS; step < seconds.length; step++) {
            long t0 = System.nanoTime();
            Tensor hidden = model.forward(tokens, c.batch(), c.seq(), positions, null, null);
            Tensor loss = CrossEntropy.fromHidden(hidden.reshape(n, c.d()), model.unembedding(), targets, -100);
            loss.backward();
            optimizer.step(1e-4);
            optimizer.zeroGrad();
            if (step >= 0) {
                seconds[step] = (System.nanoTime() - t0) * 1e-9;
            }
        }
        return n / median(seconds);
    }

    public static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
    }
}
