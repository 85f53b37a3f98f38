package org.rlhf4j.model.hf;

import static org.rlhf4j.model.TransformerModel.*;

import java.util.ArrayList;
import java.util.List;
import org.rlhf4j.model.Architecture;
import org.rlhf4j.model.ModelConfig;
import org.rlhf4j.model.ScalarHeadModel;

/**
 * Where each rlhf4j parameter lives in a Hugging Face checkpoint. A parameter is one HF
 * tensor, or several joined along their first axis (Llama's q/k/v and gate/up projections,
 * which rlhf4j keeps fused), and GPT-2's are transposed: its {@code Conv1D} layers store
 * weights [in, out] where rlhf4j (and {@code nn.Linear}) store [out, in].
 */
final class HfWeightLayout {
    private HfWeightLayout() {}

    /**
     * One rlhf4j parameter and its HF tensors.
     *
     * @param partRows  rows of the parameter each HF tensor holds, in order
     * @param transposed whether each HF tensor is the transpose of its rows
     */
    record Mapping(String parameter, List<String> hfNames, int[] partRows, boolean transposed) {}

    /** The prefix HF's *LMHeadModel / *ForCausalLM / *ForSequenceClassification put before body tensors. */
    static String bodyPrefix(Architecture a) {
        return a == Architecture.GPT2 ? "transformer." : "model.";
    }

    static List<Mapping> mappings(ModelConfig c, boolean lmHead, boolean scalarHead) {
        List<Mapping> out = new ArrayList<>();
        boolean gpt2 = c.architecture() == Architecture.GPT2;
        String b = bodyPrefix(c.architecture());
        if (gpt2) {
            one(out, EMBED, b + "wte.weight", c.vocabSize());
            one(out, POSITIONS, b + "wpe.weight", c.maxPositions());
        } else {
            one(out, EMBED, b + "embed_tokens.weight", c.vocabSize());
        }
        int d = c.hiddenSize();
        int ffn = c.intermediateSize();
        for (int i = 0; i < c.numLayers(); i++) {
            if (gpt2) {
                String h = b + "h." + i + ".";
                one(out, NORM1.formatted(i), h + "ln_1.weight", d);
                one(out, NORM1_BIAS.formatted(i), h + "ln_1.bias", d);
                out.add(new Mapping(QKV.formatted(i), List.of(h + "attn.c_attn.weight"), new int[] {3 * d}, true));
                one(out, QKV_BIAS.formatted(i), h + "attn.c_attn.bias", 3 * d);
                out.add(new Mapping(ATTN_OUT.formatted(i), List.of(h + "attn.c_proj.weight"), new int[] {d}, true));
                one(out, ATTN_OUT_BIAS.formatted(i), h + "attn.c_proj.bias", d);
                one(out, NORM2.formatted(i), h + "ln_2.weight", d);
                one(out, NORM2_BIAS.formatted(i), h + "ln_2.bias", d);
                out.add(new Mapping(MLP_IN.formatted(i), List.of(h + "mlp.c_fc.weight"), new int[] {ffn}, true));
                one(out, MLP_IN_BIAS.formatted(i), h + "mlp.c_fc.bias", ffn);
                out.add(new Mapping(MLP_OUT.formatted(i), List.of(h + "mlp.c_proj.weight"), new int[] {d}, true));
                one(out, MLP_OUT_BIAS.formatted(i), h + "mlp.c_proj.bias", d);
                continue;
            }
            String l = b + "layers." + i + ".";
            String a = l + "self_attn.";
            int[] qkvRows = {c.queryDim(), c.kvDim(), c.kvDim()};
            one(out, NORM1.formatted(i), l + "input_layernorm.weight", d);
            out.add(new Mapping(QKV.formatted(i), List.of(a + "q_proj.weight", a + "k_proj.weight", a + "v_proj.weight"),
                    qkvRows, false));
            if (c.qkvBias()) {
                out.add(new Mapping(QKV_BIAS.formatted(i), List.of(a + "q_proj.bias", a + "k_proj.bias", a + "v_proj.bias"),
                        qkvRows, false));
            }
            one(out, ATTN_OUT.formatted(i), a + "o_proj.weight", d);
            if (c.outBias()) {
                one(out, ATTN_OUT_BIAS.formatted(i), a + "o_proj.bias", d);
            }
            one(out, NORM2.formatted(i), l + "post_attention_layernorm.weight", d);
            String m = l + "mlp.";
            out.add(new Mapping(MLP_IN.formatted(i), List.of(m + "gate_proj.weight", m + "up_proj.weight"),
                    new int[] {ffn, ffn}, false));
            if (c.mlpBias()) {
                out.add(new Mapping(MLP_IN_BIAS.formatted(i), List.of(m + "gate_proj.bias", m + "up_proj.bias"),
                        new int[] {ffn, ffn}, false));
            }
            one(out, MLP_OUT.formatted(i), m + "down_proj.weight", d);
            if (c.mlpBias()) {
                one(out, MLP_OUT_BIAS.formatted(i), m + "down_proj.bias", d);
            }
        }
        one(out, FINAL_NORM, b + (gpt2 ? "ln_f.weight" : "norm.weight"), d);
        if (gpt2) {
            one(out, FINAL_NORM_BIAS, b + "ln_f.bias", d);
        }
        if (lmHead && !c.tieEmbeddings()) {
            one(out, LM_HEAD, "lm_head.weight", c.vocabSize());
        }
        if (scalarHead) {
            one(out, ScalarHeadModel.SCORE, "score.weight", 1);
        }
        return out;
    }

    private static void one(List<Mapping> out, String parameter, String hfName, int rows) {
        out.add(new Mapping(parameter, List.of(hfName), new int[] {rows}, false));
    }
}
