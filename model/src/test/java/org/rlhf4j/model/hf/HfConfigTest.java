package org.rlhf4j.model.hf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.rlhf4j.model.Architecture;
import org.rlhf4j.model.ModelConfig;

/** config.json files as the published models ship them (fields abridged to those that matter). */
class HfConfigTest {
    private static HfConfig parse(String json) throws Exception {
        return HfConfig.parse((ObjectNode) new ObjectMapper().readTree(json), "config.json");
    }

    @Test
    void gpt2Small() throws Exception {
        ModelConfig c = parse("""
                {"activation_function": "gelu_new", "architectures": ["GPT2LMHeadModel"], "attn_pdrop": 0.1,
                 "bos_token_id": 50256, "embd_pdrop": 0.1, "eos_token_id": 50256, "initializer_range": 0.02,
                 "layer_norm_epsilon": 1e-05, "model_type": "gpt2", "n_ctx": 1024, "n_embd": 768, "n_head": 12,
                 "n_layer": 12, "n_positions": 1024, "resid_pdrop": 0.1, "vocab_size": 50257}""").model();
        assertEquals(Architecture.GPT2, c.architecture());
        assertEquals(3072, c.intermediateSize(), "n_inner absent means 4 * n_embd");
        assertEquals(64, c.headDim());
        assertTrue(c.tieEmbeddings() && c.qkvBias() && c.outBias() && c.mlpBias());
        assertEquals(0.1f, c.residualDropout());
        assertArrayEquals(new int[] {50256}, c.eosTokenIds());
        assertEquals(-1, c.padTokenId());
    }

    @Test
    void llama32WithRopeScalingAndEosList() throws Exception {
        ModelConfig c = parse("""
                {"architectures": ["LlamaForCausalLM"], "attention_bias": false, "bos_token_id": 128000,
                 "eos_token_id": [128001, 128008, 128009], "head_dim": 64, "hidden_act": "silu", "hidden_size": 2048,
                 "intermediate_size": 8192, "max_position_embeddings": 131072, "mlp_bias": false, "model_type": "llama",
                 "num_attention_heads": 32, "num_hidden_layers": 16, "num_key_value_heads": 8, "rms_norm_eps": 1e-05,
                 "rope_scaling": {"factor": 32.0, "high_freq_factor": 4.0, "low_freq_factor": 1.0,
                   "original_max_position_embeddings": 8192, "rope_type": "llama3"},
                 "rope_theta": 500000.0, "tie_word_embeddings": true, "torch_dtype": "bfloat16", "vocab_size": 128256}""").model();
        assertEquals(Architecture.LLAMA, c.architecture());
        assertEquals(8, c.numKvHeads());
        assertEquals(500000.0, c.ropeTheta());
        assertEquals("llama3", c.ropeScaling().type());
        assertEquals(32.0, c.ropeScaling().factor());
        assertArrayEquals(new int[] {128001, 128008, 128009}, c.eosTokenIds());
        assertTrue(c.tieEmbeddings());
        assertFalse(c.qkvBias());
        // the scaled frequencies: highest kept, lowest divided by the factor
        double[] inv = {1.0, 1e-5};
        double[] scaled = c.ropeScaling().apply(inv);
        assertEquals(1.0, scaled[0]);
        assertEquals(1e-5 / 32, scaled[1], 1e-20);
    }

    @Test
    void qwen25HasQkvBiasOnly() throws Exception {
        HfConfig h = parse("""
                {"architectures": ["Qwen2ForCausalLM"], "bos_token_id": 151643, "eos_token_id": 151643, "hidden_act": "silu",
                 "hidden_size": 896, "intermediate_size": 4864, "max_position_embeddings": 32768, "max_window_layers": 24,
                 "model_type": "qwen2", "num_attention_heads": 14, "num_hidden_layers": 24, "num_key_value_heads": 2,
                 "rms_norm_eps": 1e-06, "rope_theta": 1000000.0, "sliding_window": 32768, "tie_word_embeddings": true,
                 "use_sliding_window": false, "vocab_size": 151936}""");
        ModelConfig c = h.model();
        assertTrue(c.qkvBias());
        assertFalse(c.outBias());
        assertEquals(64, c.headDim());
        assertEquals(32768, c.maxPositions());
        assertNull(c.ropeScaling());
        ObjectNode back = HfConfig.toJson(c, h, false, null, "float32");
        assertEquals("qwen2", back.get("model_type").asText());
        assertEquals("Qwen2ForCausalLM", back.get("architectures").get(0).asText());
        assertEquals(24, back.get("max_window_layers").asInt(), "fields rlhf4j does not use are kept");
        assertFalse(back.has("attention_bias"), "Qwen2 configs have no attention_bias field");
    }

    @Test
    void smolLmAndTinyLlamaDefaults() throws Exception {
        ModelConfig smol = parse("""
                {"architectures": ["LlamaForCausalLM"], "bos_token_id": 0, "eos_token_id": 0, "hidden_act": "silu",
                 "hidden_size": 576, "intermediate_size": 1536, "max_position_embeddings": 2048, "model_type": "llama",
                 "num_attention_heads": 9, "num_hidden_layers": 30, "num_key_value_heads": 3, "rms_norm_eps": 1e-05,
                 "rope_theta": 10000.0, "tie_word_embeddings": true, "vocab_size": 49152}""").model();
        assertEquals(64, smol.headDim(), "head_dim absent means hidden_size / heads");
        assertEquals(3, smol.numKvHeads());
        ModelConfig tiny = parse("""
                {"architectures": ["LlamaForCausalLM"], "bos_token_id": 1, "eos_token_id": 2, "hidden_act": "silu",
                 "hidden_size": 2048, "intermediate_size": 5632, "max_position_embeddings": 2048, "model_type": "llama",
                 "num_attention_heads": 32, "num_hidden_layers": 22, "num_key_value_heads": 4, "rms_norm_eps": 1e-05,
                 "vocab_size": 32000}""").model();
        assertFalse(tiny.tieEmbeddings(), "Llama's default is an untied head");
        assertEquals(10000.0, tiny.ropeTheta());
    }

    @Test
    void ropeParametersOfNewerTransformersAreRead() throws Exception {
        HfConfig h = parse("""
                {"model_type": "llama", "hidden_size": 64, "intermediate_size": 128, "num_attention_heads": 4,
                 "num_hidden_layers": 2, "vocab_size": 100,
                 "rope_parameters": {"rope_type": "llama3", "rope_theta": 500000.0, "factor": 8.0,
                   "low_freq_factor": 1.0, "high_freq_factor": 4.0, "original_max_position_embeddings": 8192}}""");
        assertEquals(500000.0, h.model().ropeTheta());
        assertEquals("llama3", h.model().ropeScaling().type());
        ObjectNode back = HfConfig.toJson(h.model(), h, false, null, "float32");
        assertFalse(back.has("rope_theta") || back.has("rope_scaling"), "written back in the same style: " + back);
        assertEquals(500000.0, back.get("rope_parameters").get("rope_theta").asDouble());
    }

    @Test
    void mistralSlidingWindowCapsTheSequenceLength() throws Exception {
        ModelConfig c = parse("""
                {"model_type": "mistral", "hidden_size": 64, "intermediate_size": 128, "num_attention_heads": 4,
                 "num_hidden_layers": 2, "num_key_value_heads": 2, "max_position_embeddings": 32768,
                 "sliding_window": 4096, "vocab_size": 100}""").model();
        assertEquals(4096, c.maxPositions());
    }

    @Test
    void unsupportedFeaturesAreRefusedByName() {
        HfFormatException e = assertThrows(HfFormatException.class,
                () -> parse("{\"model_type\": \"gpt2\", \"activation_function\": \"relu\"}"));
        assertTrue(e.getMessage().contains("field activation_function") && e.getMessage().contains("relu"), e.getMessage());
        e = assertThrows(HfFormatException.class, () -> parse("{\"model_type\": \"llama\", \"hidden_act\": \"gelu\"}"));
        assertTrue(e.getMessage().contains("hidden_act"), e.getMessage());
        e = assertThrows(HfFormatException.class, () -> parse("""
                {"model_type": "llama", "rope_scaling": {"rope_type": "yarn", "factor": 4}}"""));
        assertTrue(e.getMessage().contains("rope_scaling") && e.getMessage().contains("yarn"), e.getMessage());
        e = assertThrows(HfFormatException.class, () -> parse("{\"n_layer\": 2}"));
        assertTrue(e.getMessage().contains("model_type is missing"), e.getMessage());
        e = assertThrows(HfFormatException.class, () -> parse("""
                {"model_type": "llama", "num_attention_heads": 6, "num_key_value_heads": 4, "hidden_size": 48}"""));
        assertTrue(e.getMessage().startsWith("config.json: model config: attention heads (6)"), e.getMessage());
    }
}
