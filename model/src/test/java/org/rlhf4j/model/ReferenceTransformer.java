package org.rlhf4j.model;

import java.util.Map;

/**
 * A straightforward double-precision transformer over Hugging Face tensor names and layouts,
 * written from the semantics of transformers' GPT2LMHeadModel and LlamaForCausalLM and
 * sharing no code with the model under test: one unpadded sequence, no cache, no fusing.
 * Weights are read from the HF files rlhf4j writes, so agreement also checks the weight layout.
 */
final class ReferenceTransformer {
    private final ModelConfig c;
    private final Map<String, float[]> w;

    ReferenceTransformer(ModelConfig config, Map<String, float[]> hfWeights) {
        this.c = config;
        this.w = hfWeights;
    }

    /** Logits [T][V] of one sequence (positions 0..T-1). */
    double[][] logits(int[] tokens) {
        return c.architecture() == Architecture.GPT2 ? gpt2(tokens) : llama(tokens);
    }

    private double[][] gpt2(int[] tokens) {
        int t = tokens.length;
        int d = c.hiddenSize();
        double[][] h = new double[t][d];
        for (int i = 0; i < t; i++) {
            for (int j = 0; j < d; j++) {
                h[i][j] = get("transformer.wte.weight", tokens[i] * d + j) + get("transformer.wpe.weight", i * d + j);
            }
        }
        for (int l = 0; l < c.numLayers(); l++) {
            String p = "transformer.h." + l + ".";
            double[][] a = layerNorm(h, p + "ln_1");
            double[][] qkv = conv1d(a, p + "attn.c_attn", 3 * d);
            double[][] q = columns(qkv, 0, d);
            double[][] k = columns(qkv, d, d);
            double[][] v = columns(qkv, 2 * d, d);
            add(h, conv1d(attention(q, k, v, c.numHeads(), c.numHeads()), p + "attn.c_proj", d));
            double[][] m = conv1d(layerNorm(h, p + "ln_2"), p + "mlp.c_fc", c.intermediateSize());
            for (double[] row : m) {
                for (int j = 0; j < row.length; j++) {
                    double x = row[j];
                    row[j] = 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x)));
                }
            }
            add(h, conv1d(m, p + "mlp.c_proj", d));
        }
        return unembed(layerNorm(h, "transformer.ln_f"), c.tieEmbeddings() ? "transformer.wte.weight" : "lm_head.weight");
    }

    private double[][] llama(int[] tokens) {
        int t = tokens.length;
        int d = c.hiddenSize();
        int hd = c.headDim();
        double[][] h = new double[t][d];
        for (int i = 0; i < t; i++) {
            for (int j = 0; j < d; j++) {
                h[i][j] = get("model.embed_tokens.weight", tokens[i] * d + j);
            }
        }
        double[] invFreq = new double[hd / 2];
        for (int i = 0; i < invFreq.length; i++) {
            invFreq[i] = 1.0 / Math.pow(c.ropeTheta(), 2.0 * i / hd);
            if (c.ropeScaling() != null) {
                invFreq[i] = scaled(invFreq[i]);
            }
        }
        for (int l = 0; l < c.numLayers(); l++) {
            String p = "model.layers." + l + ".";
            double[][] a = rmsNorm(h, p + "input_layernorm.weight");
            double[][] q = linear(a, p + "self_attn.q_proj", c.queryDim(), c.qkvBias());
            double[][] k = linear(a, p + "self_attn.k_proj", c.kvDim(), c.qkvBias());
            double[][] v = linear(a, p + "self_attn.v_proj", c.kvDim(), c.qkvBias());
            rope(q, c.numHeads(), invFreq);
            rope(k, c.numKvHeads(), invFreq);
            add(h, linear(attention(q, k, v, c.numHeads(), c.numKvHeads()), p + "self_attn.o_proj", d, c.outBias()));
            double[][] m = rmsNorm(h, p + "post_attention_layernorm.weight");
            double[][] gate = linear(m, p + "mlp.gate_proj", c.intermediateSize(), c.mlpBias());
            double[][] up = linear(m, p + "mlp.up_proj", c.intermediateSize(), c.mlpBias());
            for (int i = 0; i < t; i++) {
                for (int j = 0; j < gate[i].length; j++) {
                    double g = gate[i][j];
                    gate[i][j] = g / (1 + Math.exp(-g)) * up[i][j];
                }
            }
            add(h, linear(gate, p + "mlp.down_proj", d, c.mlpBias()));
        }
        return unembed(rmsNorm(h, "model.norm.weight"), c.tieEmbeddings() ? "model.embed_tokens.weight" : "lm_head.weight");
    }

    /** transformers' _compute_llama3_parameters / linear scaling, for one frequency. */
    private double scaled(double f) {
        RopeScaling s = c.ropeScaling();
        if (s.type().equals("linear")) {
            return f / s.factor();
        }
        double wavelen = 2 * Math.PI / f;
        double lowWavelen = s.originalMaxPositions() / s.lowFreqFactor();
        double highWavelen = s.originalMaxPositions() / s.highFreqFactor();
        if (wavelen < highWavelen) {
            return f;
        }
        if (wavelen > lowWavelen) {
            return f / s.factor();
        }
        double smooth = (s.originalMaxPositions() / wavelen - s.lowFreqFactor()) / (s.highFreqFactor() - s.lowFreqFactor());
        return (1 - smooth) * f / s.factor() + smooth * f;
    }

    /** rotate_half RoPE at positions 0..T-1. */
    private static void rope(double[][] x, int heads, double[] invFreq) {
        int half = invFreq.length;
        for (int pos = 0; pos < x.length; pos++) {
            for (int h = 0; h < heads; h++) {
                int base = h * 2 * half;
                for (int i = 0; i < half; i++) {
                    double cos = Math.cos(pos * invFreq[i]);
                    double sin = Math.sin(pos * invFreq[i]);
                    double a = x[pos][base + i];
                    double b = x[pos][base + i + half];
                    x[pos][base + i] = a * cos - b * sin;
                    x[pos][base + i + half] = b * cos + a * sin;
                }
            }
        }
    }

    private double[][] attention(double[][] q, double[][] k, double[][] v, int heads, int kvHeads) {
        int t = q.length;
        int hd = q[0].length / heads;
        double[][] out = new double[t][heads * hd];
        for (int h = 0; h < heads; h++) {
            int kvh = h / (heads / kvHeads);
            for (int i = 0; i < t; i++) {
                double[] s = new double[i + 1];
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j <= i; j++) {
                    for (int e = 0; e < hd; e++) {
                        s[j] += q[i][h * hd + e] * k[j][kvh * hd + e];
                    }
                    s[j] /= Math.sqrt(hd);
                    max = Math.max(max, s[j]);
                }
                double sum = 0;
                for (int j = 0; j <= i; j++) {
                    s[j] = Math.exp(s[j] - max);
                    sum += s[j];
                }
                for (int j = 0; j <= i; j++) {
                    for (int e = 0; e < hd; e++) {
                        out[i][h * hd + e] += s[j] / sum * v[j][kvh * hd + e];
                    }
                }
            }
        }
        return out;
    }

    private double[][] layerNorm(double[][] x, String name) {
        int d = x[0].length;
        double[][] out = new double[x.length][d];
        for (int i = 0; i < x.length; i++) {
            double mean = 0;
            for (double e : x[i]) {
                mean += e / d;
            }
            double var = 0;
            for (double e : x[i]) {
                var += (e - mean) * (e - mean) / d;
            }
            for (int j = 0; j < d; j++) {
                out[i][j] = (x[i][j] - mean) / Math.sqrt(var + c.normEps()) * get(name + ".weight", j) + get(name + ".bias", j);
            }
        }
        return out;
    }

    private double[][] rmsNorm(double[][] x, String name) {
        int d = x[0].length;
        double[][] out = new double[x.length][d];
        for (int i = 0; i < x.length; i++) {
            double ms = 0;
            for (double e : x[i]) {
                ms += e * e / d;
            }
            for (int j = 0; j < d; j++) {
                out[i][j] = x[i][j] / Math.sqrt(ms + c.normEps()) * get(name, j);
            }
        }
        return out;
    }

    /** GPT-2's Conv1D: y = x W + b with W stored [in, out]. */
    private double[][] conv1d(double[][] x, String name, int out) {
        int in = x[0].length;
        double[][] y = new double[x.length][out];
        for (int i = 0; i < x.length; i++) {
            for (int o = 0; o < out; o++) {
                double s = get(name + ".bias", o);
                for (int j = 0; j < in; j++) {
                    s += x[i][j] * get(name + ".weight", j * out + o);
                }
                y[i][o] = s;
            }
        }
        return y;
    }

    /** nn.Linear: y = x W^T (+ b) with W stored [out, in]. */
    private double[][] linear(double[][] x, String name, int out, boolean bias) {
        int in = x[0].length;
        double[][] y = new double[x.length][out];
        for (int i = 0; i < x.length; i++) {
            for (int o = 0; o < out; o++) {
                double s = bias ? get(name + ".bias", o) : 0;
                for (int j = 0; j < in; j++) {
                    s += x[i][j] * get(name + ".weight", o * in + j);
                }
                y[i][o] = s;
            }
        }
        return y;
    }

    private double[][] unembed(double[][] h, String name) {
        int d = h[0].length;
        double[][] y = new double[h.length][c.vocabSize()];
        for (int i = 0; i < h.length; i++) {
            for (int v = 0; v < c.vocabSize(); v++) {
                double s = 0;
                for (int j = 0; j < d; j++) {
                    s += h[i][j] * get(name, v * d + j);
                }
                y[i][v] = s;
            }
        }
        return y;
    }

    private static double[][] columns(double[][] x, int from, int width) {
        double[][] out = new double[x.length][width];
        for (int i = 0; i < x.length; i++) {
            System.arraycopy(x[i], from, out[i], 0, width);
        }
        return out;
    }

    private static void add(double[][] h, double[][] delta) {
        for (int i = 0; i < h.length; i++) {
            for (int j = 0; j < h[i].length; j++) {
                h[i][j] += delta[i][j];
            }
        }
    }

    private double get(String name, int index) {
        float[] t = w.get(name);
        if (t == null) {
            throw new AssertionError("reference: no HF tensor " + name + " in the saved file");
        }
        return t[index];
    }
}
