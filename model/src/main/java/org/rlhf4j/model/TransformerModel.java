package org.rlhf4j.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.rlhf4j.tensor.Rng;
import org.rlhf4j.tensor.Tensor;
import org.rlhf4j.tensor.ops.Activations;
import org.rlhf4j.tensor.ops.Attention;
import org.rlhf4j.tensor.ops.Columns;
import org.rlhf4j.tensor.ops.Dropout;
import org.rlhf4j.tensor.ops.Elementwise;
import org.rlhf4j.tensor.ops.Embedding;
import org.rlhf4j.tensor.ops.Linear;
import org.rlhf4j.tensor.ops.Norms;
import org.rlhf4j.tensor.ops.Rotary;

/**
 * A decoder-only transformer: GPT-2 (learned positions, layernorm, GELU) or the Llama family
 * (RoPE, RMSNorm, SwiGLU, grouped-query attention), pre-norm blocks, read top to bottom in
 * {@link #forward} and {@link #block}.
 *
 * <p>Weights are plain named tensors in {@link #parameters()}, stored [out, in]. Projections
 * that read the same input are fused so one GEMM does their work: q, k and v in one
 * {@code attn.qkv} weight, and for SwiGLU gate and up in one {@code mlp.in} weight; the
 * Hugging Face reader and writer ({@code hf} package) split and join them.
 *
 * <p>A model built {@linkplain #hasLmHead() without an LM head} is the body of a
 * {@link ScalarHeadModel}.
 */
public final class TransformerModel implements Decoder {
    /** Names of the parameters; {@code %d} is the layer index. */
    public static final String EMBED = "embed.weight";
    public static final String POSITIONS = "positions.weight";
    public static final String FINAL_NORM = "norm.weight";
    public static final String FINAL_NORM_BIAS = "norm.bias";
    public static final String LM_HEAD = "lm_head.weight";
    public static final String NORM1 = "layers.%d.norm1.weight";
    public static final String NORM1_BIAS = "layers.%d.norm1.bias";
    public static final String QKV = "layers.%d.attn.qkv.weight";
    public static final String QKV_BIAS = "layers.%d.attn.qkv.bias";
    public static final String ATTN_OUT = "layers.%d.attn.out.weight";
    public static final String ATTN_OUT_BIAS = "layers.%d.attn.out.bias";
    public static final String NORM2 = "layers.%d.norm2.weight";
    public static final String NORM2_BIAS = "layers.%d.norm2.bias";
    public static final String MLP_IN = "layers.%d.mlp.in.weight";
    public static final String MLP_IN_BIAS = "layers.%d.mlp.in.bias";
    public static final String MLP_OUT = "layers.%d.mlp.out.weight";
    public static final String MLP_OUT_BIAS = "layers.%d.mlp.out.bias";

    /** One block's weights; biases are null where the architecture has none. */
    private record Layer(Tensor norm1, Tensor norm1Bias, Tensor qkv, Tensor qkvBias, Tensor attnOut,
                         Tensor attnOutBias, Tensor norm2, Tensor norm2Bias, Tensor mlpIn, Tensor mlpInBias,
                         Tensor mlpOut, Tensor mlpOutBias) {}

    private final ModelConfig config;
    private final boolean gpt2;
    private final Map<String, Tensor> parameters;
    private final Tensor embed;
    private final Tensor positionTable;
    private final Layer[] layers;
    private final Tensor finalNorm;
    private final Tensor finalNormBias;
    private final Tensor lmHead;
    private final boolean hasLmHead;
    private volatile Rotary.Tables rope;
    private boolean training;
    private Rng dropoutRng = new Rng(0);
    private final AtomicLong sequencesForwarded = new AtomicLong();

    private TransformerModel(ModelConfig config, boolean withLmHead, Map<String, Tensor> params) {
        this.config = config;
        this.gpt2 = config.architecture() == Architecture.GPT2;
        this.hasLmHead = withLmHead;
        Map<String, int[]> shapes = parameterShapes(config, withLmHead);
        for (var e : shapes.entrySet()) {
            Tensor t = params.get(e.getKey());
            if (t == null) {
                throw new IllegalArgumentException("model parameters: missing " + e.getKey());
            }
            if (!Arrays.equals(t.shape(), e.getValue())) {
                throw new IllegalArgumentException("model parameters: " + e.getKey() + " has shape "
                        + Arrays.toString(t.shape()) + ", the config implies " + Arrays.toString(e.getValue()));
            }
        }
        for (String name : params.keySet()) {
            if (!shapes.containsKey(name)) {
                throw new IllegalArgumentException("model parameters: unexpected " + name + " for " + config);
            }
        }
        this.parameters = new LinkedHashMap<>();
        for (String name : shapes.keySet()) {
            Tensor p = params.get(name);
            this.parameters.put(name, p.requiresGrad() && name.equals(p.name()) ? p
                    : Tensor.parameter(name, p.data(), p.shape()));
        }
        embed = parameters.get(EMBED);
        positionTable = parameters.get(POSITIONS);
        finalNorm = parameters.get(FINAL_NORM);
        finalNormBias = parameters.get(FINAL_NORM_BIAS);
        lmHead = parameters.get(LM_HEAD);
        layers = new Layer[config.numLayers()];
        for (int i = 0; i < layers.length; i++) {
            layers[i] = new Layer(p(NORM1, i), p(NORM1_BIAS, i), p(QKV, i), p(QKV_BIAS, i), p(ATTN_OUT, i),
                    p(ATTN_OUT_BIAS, i), p(NORM2, i), p(NORM2_BIAS, i), p(MLP_IN, i), p(MLP_IN_BIAS, i),
                    p(MLP_OUT, i), p(MLP_OUT_BIAS, i));
        }
    }

    private Tensor p(String pattern, int layer) {
        return parameters.get(pattern.formatted(layer));
    }

    /** A model over the given weights (named as {@link #parameterShapes} lists; used as given, not copied). */
    public static TransformerModel fromParameters(ModelConfig config, boolean withLmHead, Map<String, Tensor> params) {
        return new TransformerModel(config, withLmHead, params);
    }

    /**
     * A freshly initialised model: weights ~ N(0, 0.02), norms 1, biases 0, and (as GPT-2 does)
     * the projections that write into the residual stream scaled by 1/sqrt(2 * layers) so the
     * stream's variance does not grow with depth. Same seed, same weights.
     */
    public static TransformerModel initialise(ModelConfig config, boolean withLmHead, long seed) {
        Rng rng = new Rng(seed);
        Map<String, Tensor> params = new LinkedHashMap<>();
        float residualStd = (float) (0.02 / Math.sqrt(2.0 * config.numLayers()));
        int index = 0;
        for (var e : parameterShapes(config, withLmHead).entrySet()) {
            String name = e.getKey();
            Tensor t = Tensor.zeros(e.getValue());
            if (name.contains("norm")) {
                if (name.endsWith(".weight")) {
                    Arrays.fill(t.data(), 1f);
                }
            } else if (name.endsWith(".weight")) {
                boolean residual = name.endsWith("attn.out.weight") || name.endsWith("mlp.out.weight");
                rng.fork(index).fillNormal(t.data(), 0, t.size(), 0f, residual ? residualStd : 0.02f);
            }
            params.put(name, t);
            index++;
        }
        return new TransformerModel(config, withLmHead, params);
    }

    /** Every parameter's name and shape, in a fixed order (the order of {@link #parameters()}). */
    public static Map<String, int[]> parameterShapes(ModelConfig c, boolean withLmHead) {
        boolean gpt2 = c.architecture() == Architecture.GPT2;
        int d = c.hiddenSize();
        int qkvRows = c.queryDim() + 2 * c.kvDim();
        int mlpInRows = gpt2 ? c.intermediateSize() : 2 * c.intermediateSize();
        Map<String, int[]> s = new LinkedHashMap<>();
        s.put(EMBED, new int[] {c.vocabSize(), d});
        if (gpt2) {
            s.put(POSITIONS, new int[] {c.maxPositions(), d});
        }
        for (int i = 0; i < c.numLayers(); i++) {
            s.put(NORM1.formatted(i), new int[] {d});
            if (gpt2) {
                s.put(NORM1_BIAS.formatted(i), new int[] {d});
            }
            s.put(QKV.formatted(i), new int[] {qkvRows, d});
            if (c.qkvBias()) {
                s.put(QKV_BIAS.formatted(i), new int[] {qkvRows});
            }
            s.put(ATTN_OUT.formatted(i), new int[] {d, c.queryDim()});
            if (c.outBias()) {
                s.put(ATTN_OUT_BIAS.formatted(i), new int[] {d});
            }
            s.put(NORM2.formatted(i), new int[] {d});
            if (gpt2) {
                s.put(NORM2_BIAS.formatted(i), new int[] {d});
            }
            s.put(MLP_IN.formatted(i), new int[] {mlpInRows, d});
            if (c.mlpBias()) {
                s.put(MLP_IN_BIAS.formatted(i), new int[] {mlpInRows});
            }
            s.put(MLP_OUT.formatted(i), new int[] {d, c.intermediateSize()});
            if (c.mlpBias()) {
                s.put(MLP_OUT_BIAS.formatted(i), new int[] {d});
            }
        }
        s.put(FINAL_NORM, new int[] {d});
        if (gpt2) {
            s.put(FINAL_NORM_BIAS, new int[] {d});
        }
        if (withLmHead && !c.tieEmbeddings()) {
            s.put(LM_HEAD, new int[] {c.vocabSize(), d});
        }
        return s;
    }

    @Override
    public ModelConfig config() {
        return config;
    }

    /** Whether {@link #logits} is available (false for the body of a scalar-head model). */
    public boolean hasLmHead() {
        return hasLmHead;
    }

    /** Name -> parameter, in a fixed order. */
    public Map<String, Tensor> parameters() {
        return Collections.unmodifiableMap(parameters);
    }

    public List<Tensor> parameterList() {
        return new ArrayList<>(parameters.values());
    }

    /** The unembedding [vocab, d]: the LM head, or the token embedding when they are tied. */
    public Tensor unembedding() {
        if (!hasLmHead) {
            throw new IllegalStateException("this model has no LM head (it is the body of a scalar-head model)");
        }
        return lmHead != null ? lmHead : embed;
    }

    /**
     * Training mode turns on the config's dropout, with masks drawn from {@code rng}
     * (whose counter a checkpoint saves to resume exactly); evaluation mode turns it off.
     */
    public void train(boolean on, Rng rng) {
        this.training = on;
        this.dropoutRng = rng != null ? rng : new Rng(0);
    }

    /** A deep copy of every weight (a frozen reference model, or a policy that trains apart). */
    public TransformerModel copy(boolean withLmHead) {
        Map<String, Tensor> copied = new LinkedHashMap<>();
        for (var e : parameters.entrySet()) {
            if (withLmHead || !e.getKey().equals(LM_HEAD)) {
                copied.put(e.getKey(), Tensor.parameter(e.getKey(), e.getValue().data().clone(), e.getValue().shape()));
            }
        }
        if (withLmHead && !hasLmHead && !config.tieEmbeddings()) {
            throw new IllegalStateException("cannot add an untied LM head to a model that has none");
        }
        return new TransformerModel(config, withLmHead, copied);
    }

    /** Sequences run through {@link #forward} so far, a row of a batch counting one (for cost accounting and tests). */
    public long sequencesForwarded() {
        return sequencesForwarded.get();
    }

    @Override
    public KvCache newCache(int batch, int capacity) {
        return new KvCache(batch, capacity, config.numLayers(), config.kvDim());
    }

    @Override
    public Tensor forward(int[] tokens, int batch, int seqLen, int[] positions, float[] keyMask, KvCache cache) {
        int cached = cache == null ? 0 : cache.length();
        requireInputs(tokens, batch, seqLen, positions, keyMask, cached);
        if (cache != null) {
            cache.requireRoom(batch, seqLen);
        }
        sequencesForwarded.addAndGet(batch);
        Tensor mask = keyMask == null ? null : Tensor.of(keyMask, batch, cached + seqLen);
        Rotary.Tables rotary = gpt2 ? null : ropeTables(positions);

        Tensor x = Embedding.lookup(embed, tokens, batch, seqLen);
        if (gpt2) {
            x = Elementwise.add(x, Embedding.lookup(positionTable, positions, batch, seqLen));
        }
        x = Dropout.apply(x, config.embeddingDropout(), dropoutRng, training);
        for (int i = 0; i < layers.length; i++) {
            x = block(i, x, batch, seqLen, positions, mask, rotary, cache);
        }
        if (cache != null) {
            cache.advance(seqLen);
        }
        return norm(x, finalNorm, finalNormBias);
    }

    /** One pre-norm block: x + attention(norm(x)), then + mlp(norm(x)). */
    private Tensor block(int index, Tensor x, int batch, int seqLen, int[] positions, Tensor mask,
                         Rotary.Tables rotary, KvCache cache) {
        Layer l = layers[index];
        int heads = config.numHeads();
        int kvHeads = config.numKvHeads();
        int headDim = config.headDim();

        Tensor h = norm(x, l.norm1, l.norm1Bias);
        Tensor[] qkv = Columns.split(Linear.linear(h, l.qkv, l.qkvBias), config.queryDim(), config.kvDim(), config.kvDim());
        Tensor q = qkv[0];
        Tensor k = qkv[1];
        Tensor v = qkv[2];
        if (rotary != null) {
            q = Rotary.apply(q, heads, headDim, positions, rotary);
            k = Rotary.apply(k, kvHeads, headDim, positions, rotary);
        }
        Tensor attention;
        if (cache != null) {
            cache.append(index, k.data(), v.data(), seqLen);
            attention = Attention.cachedSelfAttention(q, cache.keys(index), cache.values(index), cache.capacity(),
                    cache.length() + seqLen, batch, heads, kvHeads, headDim, mask == null ? null : mask.data());
        } else {
            attention = Attention.causalSelfAttention(q, k, v, batch, heads, kvHeads, headDim, mask);
        }
        Tensor attnOut = Linear.linear(attention, l.attnOut, l.attnOutBias);
        x = Elementwise.add(x, Dropout.apply(attnOut, config.residualDropout(), dropoutRng, training));

        h = norm(x, l.norm2, l.norm2Bias);
        Tensor hiddenMlp;
        if (gpt2) {
            hiddenMlp = Activations.gelu(Linear.linear(h, l.mlpIn, l.mlpInBias));
        } else {
            Tensor[] gateUp = Columns.split(Linear.linear(h, l.mlpIn, l.mlpInBias),
                    config.intermediateSize(), config.intermediateSize());
            hiddenMlp = Activations.swiglu(gateUp[0], gateUp[1]);
        }
        Tensor mlpOut = Linear.linear(hiddenMlp, l.mlpOut, l.mlpOutBias);
        return Elementwise.add(x, Dropout.apply(mlpOut, config.residualDropout(), dropoutRng, training));
    }

    private Tensor norm(Tensor x, Tensor weight, Tensor bias) {
        return gpt2 ? Norms.layerNorm(x, weight, bias, config.normEps()) : Norms.rmsNorm(x, weight, config.normEps());
    }

    @Override
    public Tensor logits(Tensor hidden) {
        return Linear.linear(hidden, unembedding(), null);
    }

    private void requireInputs(int[] tokens, int batch, int seqLen, int[] positions, float[] keyMask, int cached) {
        if (batch <= 0 || seqLen <= 0) {
            throw new IllegalArgumentException("forward needs batch > 0 and seqLen > 0, got " + batch + " x " + seqLen);
        }
        if (tokens.length != batch * seqLen || positions.length != batch * seqLen) {
            throw new IllegalArgumentException("forward: " + tokens.length + " tokens and " + positions.length
                    + " positions given for batch " + batch + " x seqLen " + seqLen);
        }
        if (keyMask != null && keyMask.length != batch * (cached + seqLen)) {
            throw new IllegalArgumentException("forward: key mask has " + keyMask.length + " entries, expected batch "
                    + batch + " x keys " + (cached + seqLen));
        }
        for (int i = 0; i < positions.length; i++) {
            if (positions[i] < 0 || positions[i] >= config.maxPositions()) {
                throw new IllegalArgumentException("forward: position " + positions[i] + " is outside the model's "
                        + config.maxPositions() + " positions");
            }
            if (tokens[i] < 0 || tokens[i] >= config.vocabSize()) {
                throw new IllegalArgumentException("forward: token id " + tokens[i] + " is outside the vocabulary of "
                        + config.vocabSize());
            }
        }
    }

    /**
     * RoPE tables covering every given position. They grow on demand (doubling) rather than
     * spanning max_position_embeddings up front: Llama 3's 131072 positions would cost 64 MB.
     */
    private Rotary.Tables ropeTables(int[] positions) {
        int needed = 0;
        for (int p : positions) {
            needed = Math.max(needed, p + 1);
        }
        Rotary.Tables t = rope;
        if (t != null && t.maxPositions() >= needed) {
            return t;
        }
        synchronized (this) {
            if (rope == null || rope.maxPositions() < needed) {
                int size = Math.min(config.maxPositions(), Math.max(needed, Math.max(1024, rope == null ? 0 : 2 * rope.maxPositions())));
                double[] inv = Rotary.inverseFrequencies(config.headDim(), config.ropeTheta());
                if (config.ropeScaling() != null) {
                    inv = config.ropeScaling().apply(inv);
                }
                rope = Rotary.tables(inv, size);
            }
            return rope;
        }
    }
}
