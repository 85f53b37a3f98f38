package org.rlhf4j.model.generate;

import java.util.Arrays;
import java.util.List;
import org.rlhf4j.model.Decoder;
import org.rlhf4j.model.KvCache;
import org.rlhf4j.tensor.Autograd;
import org.rlhf4j.tensor.Rng;
import org.rlhf4j.tensor.Tensor;

/**
 * Batched autoregressive generation. Prompts of different lengths are left-padded to the
 * longest; padding is masked out of attention and positions count from each prompt's first
 * real token, so a prompt continues exactly as it would alone. With the KV cache (default) the
 * prompt is run once and then one token per step; without it the whole sequence is re-run at
 * every step (slow; it is the reference the cache is tested against).
 */
public final class Generator {
    private final Decoder model;
    private final boolean useKvCache;

    public Generator(Decoder model) {
        this(model, true);
    }

    public Generator(Decoder model, boolean useKvCache) {
        this.model = model;
        this.useKvCache = useKvCache;
    }

    /** Receives each token as it is sampled (for streaming it to a user): sequence index and token id. */
    @FunctionalInterface
    public interface TokenListener {
        void sampled(int sequence, int token);
    }

    /** Continues every prompt (token ids, at least one each) under {@code cfg}. */
    public Generation generate(List<int[]> prompts, SamplingConfig cfg) {
        return generate(prompts, cfg, null);
    }

    /** As {@link #generate(List, SamplingConfig)}, telling {@code listener} (may be null) of every token as it comes. */
    public Generation generate(List<int[]> prompts, SamplingConfig cfg, TokenListener listener) {
        Batch b = new Batch(prompts, cfg.maxNewTokens(), model.config().vocabSize());
        int maxPositions = model.config().maxPositions();
        if (maxPositions > 0 && b.longestPrompt + cfg.maxNewTokens() > maxPositions) {
            throw new IllegalArgumentException("prompt of " + b.longestPrompt + " tokens + " + cfg.maxNewTokens()
                    + " new tokens exceeds the model's " + maxPositions + " positions");
        }
        int vocab = model.config().vocabSize();
        int[][] tokens = new int[b.size][cfg.maxNewTokens()];
        float[][] logprobs = new float[b.size][cfg.maxNewTokens()];
        int[] produced = new int[b.size];
        boolean[] stopped = new boolean[b.size];
        Rng[] rngs = new Rng[b.size];
        for (int i = 0; i < b.size; i++) {
            rngs[i] = new Rng(cfg.seed() + i);
        }
        float[] scratch = new float[vocab];
        try (var ignored = Autograd.noGrad()) {
            KvCache cache = useKvCache ? model.newCache(b.size, b.capacity) : null;
            int length = b.longestPrompt;
            Tensor hidden = model.forward(b.tokens(0, length), b.size, length, b.positions(0, length),
                    b.mask(length), cache);
            for (int step = 0; step < cfg.maxNewTokens(); step++) {
                float[] logits = model.logits(lastRows(hidden)).data();
                int[] next = new int[b.size];
                boolean allDone = true;
                for (int i = 0; i < b.size; i++) {
                    if (stopped[i]) {
                        continue; // finished rows keep feeding padding; their outputs are ignored
                    }
                    Sampler.Choice c = Sampler.choose(logits, i * vocab, vocab, cfg, rngs[i], scratch);
                    tokens[i][produced[i]] = c.token();
                    logprobs[i][produced[i]] = c.logprob();
                    produced[i]++;
                    next[i] = c.token();
                    stopped[i] = cfg.isStop(c.token());
                    allDone &= stopped[i];
                    if (listener != null) {
                        listener.sampled(i, c.token());
                    }
                }
                if (allDone || step == cfg.maxNewTokens() - 1) {
                    break;
                }
                b.append(length, next);
                length++;
                hidden = cache != null
                        ? model.forward(next, b.size, 1, b.positions(length - 1, length), b.mask(length), cache)
                        : model.forward(b.tokens(0, length), b.size, length, b.positions(0, length), b.mask(length), null);
            }
        }
        for (int i = 0; i < b.size; i++) {
            tokens[i] = Arrays.copyOf(tokens[i], produced[i]);
            logprobs[i] = Arrays.copyOf(logprobs[i], produced[i]);
        }
        return new Generation(tokens, logprobs, stopped);
    }

    /** Hidden state of each sequence's last position: [batch, T, d] -> [batch, d]. */
    private static Tensor lastRows(Tensor hidden) {
        int batch = hidden.dim(0);
        int t = hidden.dim(1);
        int d = hidden.dim(2);
        if (t == 1) {
            return hidden.reshape(batch, d);
        }
        float[] out = new float[batch * d];
        for (int i = 0; i < batch; i++) {
            System.arraycopy(hidden.data(), (i * t + t - 1) * d, out, i * d, d);
        }
        return Tensor.of(out, batch, d);
    }

    /** The left-padded token grid [size, capacity] and what it implies for positions and masks. */
    private static final class Batch {
        final int size;
        final int longestPrompt;
        final int capacity;
        final int[] grid;
        final int[] padding;

        Batch(List<int[]> prompts, int maxNewTokens, int vocab) {
            if (prompts.isEmpty()) {
                throw new IllegalArgumentException("no prompts to generate from");
            }
            size = prompts.size();
            int longest = 0;
            for (int i = 0; i < size; i++) {
                int[] p = prompts.get(i);
                if (p.length == 0) {
                    throw new IllegalArgumentException("prompt " + i + " has no tokens (a model needs at least a BOS token to start from)");
                }
                for (int t : p) {
                    if (t < 0 || t >= vocab) {
                        throw new IllegalArgumentException("prompt " + i + " has token id " + t + " outside the vocabulary of " + vocab);
                    }
                }
                longest = Math.max(longest, p.length);
            }
            longestPrompt = longest;
            capacity = longest + maxNewTokens;
            grid = new int[size * capacity];
            padding = new int[size];
            for (int i = 0; i < size; i++) {
                int[] p = prompts.get(i);
                padding[i] = longest - p.length;
                System.arraycopy(p, 0, grid, i * capacity + padding[i], p.length);
            }
        }

        void append(int column, int[] next) {
            for (int i = 0; i < size; i++) {
                grid[i * capacity + column] = next[i];
            }
        }

        /** Tokens of columns [from, to) of every row, [size, to - from]. */
        int[] tokens(int from, int to) {
            int w = to - from;
            int[] out = new int[size * w];
            for (int i = 0; i < size; i++) {
                System.arraycopy(grid, i * capacity + from, out, i * w, w);
            }
            return out;
        }

        /** Position ids of columns [from, to): 0 at each row's first real token, 0 on padding. */
        int[] positions(int from, int to) {
            int w = to - from;
            int[] out = new int[size * w];
            for (int i = 0; i < size; i++) {
                for (int c = from; c < to; c++) {
                    out[i * w + c - from] = Math.max(0, c - padding[i]);
                }
            }
            return out;
        }

        /** Additive key mask over columns [0, length): -inf on left padding. */
        float[] mask(int length) {
            float[] out = new float[size * length];
            for (int i = 0; i < size; i++) {
                Arrays.fill(out, i * length, i * length + Math.min(padding[i], length), Float.NEGATIVE_INFINITY);
            }
            return out;
        }
    }
}
