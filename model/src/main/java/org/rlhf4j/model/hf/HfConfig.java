package org.rlhf4j.model.hf;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.rlhf4j.model.Architecture;
import org.rlhf4j.model.ModelConfig;
import org.rlhf4j.model.RopeScaling;

/**
 * A Hugging Face {@code config.json} and the {@link ModelConfig} it describes. The JSON is
 * kept whole ({@link #json()}) so that fields rlhf4j does not use ({@code _name_or_path},
 * {@code initializer_range}, generation defaults...) are written back unchanged.
 *
 * <p>Supported {@code model_type}s: {@code gpt2}, and the Llama family {@code llama} (Llama 2
 * and 3, SmolLM, TinyLlama), {@code mistral} and {@code qwen2} (Qwen2, Qwen2.5). A missing
 * field takes the default of transformers' GPT2Config or, for the whole Llama family,
 * LlamaConfig (Mistral's and Qwen2's own defaults differ; published configs spell those
 * fields out). RoPE settings are read from top-level {@code rope_theta} / {@code rope_scaling}
 * or from a {@code rope_parameters} object, as newer transformers write them.
 */
public record HfConfig(ModelConfig model, String modelType, ObjectNode json) {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    public static final List<String> MODEL_TYPES = List.of("gpt2", "llama", "mistral", "qwen2");
    /** Where a reward model's bias lives in config.json (HF's score layer has none). */
    public static final String REWARD_BIAS = "rlhf4j_reward_bias";

    /** Reads {@code config.json} of a model folder (or the file itself). */
    public static HfConfig read(Path path) {
        Path file = Files.isDirectory(path) ? path.resolve("config.json") : path;
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            throw new HfFormatException(file + ": not found (a Hugging Face model folder holds config.json)");
        } catch (JsonProcessingException e) {
            throw new HfFormatException(file + ": not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()), e);
        } catch (IOException e) {
            throw new HfFormatException(file + ": cannot read: " + e.getMessage(), e);
        }
        if (!(root instanceof ObjectNode obj)) {
            throw new HfFormatException(file + ": expected a JSON object");
        }
        return parse(obj, file.toString());
    }

    /** Parses a config.json object; {@code where} names it in errors. */
    public static HfConfig parse(ObjectNode json, String where) {
        Fields f = new Fields(json, where);
        String type = f.string("model_type", null);
        if (type == null) {
            throw new HfFormatException(where + ": field model_type is missing");
        }
        ModelConfig model = switch (type) {
            case "gpt2" -> gpt2(f);
            case "llama", "mistral", "qwen2" -> llama(f, type);
            default -> throw new HfFormatException(where + ": model_type '" + type + "' is not supported (supported: "
                    + String.join(", ", MODEL_TYPES) + ")");
        };
        return new HfConfig(model, type, json.deepCopy());
    }

    private static ModelConfig gpt2(Fields f) {
        String act = f.string("activation_function", "gelu_new");
        if (!act.equals("gelu_new") && !act.equals("gelu_pytorch_tanh")) {
            throw f.error("activation_function", "'" + act + "' is not supported (GPT-2 models use gelu_new, the tanh GELU)");
        }
        if (f.bool("scale_attn_by_inverse_layer_idx", false)) {
            throw f.error("scale_attn_by_inverse_layer_idx", "true is not supported");
        }
        int d = f.integer("n_embd", 768);
        int heads = f.integer("n_head", 12);
        if (d % heads != 0) {
            throw f.error("n_head", heads + " does not divide n_embd " + d);
        }
        int inner = f.json.hasNonNull("n_inner") ? f.integer("n_inner", 0) : 4 * d;
        return build(f, () -> new ModelConfig(Architecture.GPT2, f.integer("vocab_size", 50257), d, f.integer("n_layer", 12),
                heads, heads, d / heads, inner, f.integer("n_positions", 1024), (float) f.number("layer_norm_epsilon", 1e-5),
                10000, null, f.bool("tie_word_embeddings", true), true, true, true,
                (float) f.number("resid_pdrop", 0.1), (float) f.number("embd_pdrop", 0.1),
                f.integer("bos_token_id", 50256), f.ids("eos_token_id", new int[] {50256}), f.integer("pad_token_id", -1)));
    }

    private static ModelConfig llama(Fields f, String type) {
        String act = f.string("hidden_act", "silu");
        if (!act.equals("silu")) {
            throw f.error("hidden_act", "'" + act + "' is not supported (the Llama family uses silu)");
        }
        int d = f.integer("hidden_size", 4096);
        int heads = f.integer("num_attention_heads", 32);
        int kvHeads = f.integer("num_key_value_heads", heads);
        int headDim = f.json.hasNonNull("head_dim") ? f.integer("head_dim", 0) : d / heads;
        int declaredPositions = f.integer("max_position_embeddings", 2048);
        boolean qkvBias;
        boolean outBias;
        if (type.equals("qwen2")) {
            qkvBias = true; // Qwen2 always has q/k/v biases and none on o_proj
            outBias = false;
        } else {
            qkvBias = outBias = f.bool("attention_bias", false);
        }
        // Sliding-window attention equals full attention up to the window: cap sequences there.
        boolean slides = type.equals("mistral") || f.bool("use_sliding_window", false);
        int positions = slides && f.json.hasNonNull("sliding_window")
                ? Math.min(declaredPositions, f.integer("sliding_window", declaredPositions)) : declaredPositions;
        return build(f, () -> new ModelConfig(Architecture.LLAMA, f.integer("vocab_size", 32000), d,
                f.integer("num_hidden_layers", 32), heads, kvHeads, headDim, f.integer("intermediate_size", 11008),
                positions, (float) f.number("rms_norm_eps", 1e-6), ropeTheta(f), ropeScaling(f),
                f.bool("tie_word_embeddings", false), qkvBias, outBias, f.bool("mlp_bias", false), 0f, 0f,
                f.integer("bos_token_id", -1), f.ids("eos_token_id", new int[0]), f.integer("pad_token_id", -1)));
    }

    /** rope_theta at the top level, or inside rope_parameters (newer transformers). */
    private static double ropeTheta(Fields f) {
        JsonNode p = f.json.get("rope_parameters");
        if (!f.json.hasNonNull("rope_theta") && p != null && p.isObject() && p.hasNonNull("rope_theta")) {
            if (!p.get("rope_theta").isNumber()) {
                throw f.error("rope_parameters", "rope_theta must be a number, got " + p.get("rope_theta"));
            }
            return p.get("rope_theta").asDouble();
        }
        return f.number("rope_theta", 10000.0);
    }

    private static RopeScaling ropeScaling(Fields f) {
        JsonNode s = f.json.get("rope_scaling");
        if ((s == null || s.isNull()) && f.json.get("rope_parameters") instanceof ObjectNode p) {
            s = p;
        }
        if (s == null || s.isNull()) {
            return null;
        }
        String kind = s.hasNonNull("rope_type") ? s.get("rope_type").asText() : s.path("type").asText("default");
        if (kind.equals("default")) {
            return null;
        }
        try {
            return new RopeScaling(kind, s.path("factor").asDouble(1), s.path("low_freq_factor").asDouble(1),
                    s.path("high_freq_factor").asDouble(4), s.path("original_max_position_embeddings").asInt(8192));
        } catch (IllegalArgumentException e) {
            throw f.error("rope_scaling", e.getMessage());
        }
    }

    /** Builds the config, turning a validation failure into an error that names the file. */
    private static ModelConfig build(Fields f, Supplier<ModelConfig> config) {
        try {
            return config.get();
        } catch (IllegalArgumentException e) {
            throw new HfFormatException(f.where() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The config.json of a model: this config's JSON with every field rlhf4j knows set from
     * {@code model}, {@code architectures} set for a causal LM or (when {@code scalarHead}) a
     * one-label sequence classifier, and the dtype the weights are written in.
     */
    public static ObjectNode toJson(ModelConfig model, HfConfig base, boolean scalarHead, Float rewardBias, String torchDtype) {
        String type = base != null ? base.modelType() : model.architecture() == Architecture.GPT2 ? "gpt2"
                : model.qkvBias() && !model.outBias() ? "qwen2" : "llama";
        ObjectNode o = base != null ? base.json().deepCopy() : JSON.createObjectNode();
        o.put("model_type", type);
        if (model.architecture() == Architecture.GPT2) {
            o.put("vocab_size", model.vocabSize());
            o.put("n_embd", model.hiddenSize());
            o.put("n_layer", model.numLayers());
            o.put("n_head", model.numHeads());
            o.put("n_inner", model.intermediateSize());
            o.put("n_positions", model.maxPositions());
            if (!o.has("n_ctx")) {
                o.put("n_ctx", model.maxPositions());
            }
            o.put("layer_norm_epsilon", model.normEps());
            o.put("activation_function", "gelu_new");
            o.put("resid_pdrop", model.residualDropout());
            o.put("embd_pdrop", model.embeddingDropout());
            if (!o.has("attn_pdrop")) {
                o.put("attn_pdrop", 0.0);
            }
        } else {
            o.put("vocab_size", model.vocabSize());
            o.put("hidden_size", model.hiddenSize());
            o.put("num_hidden_layers", model.numLayers());
            o.put("num_attention_heads", model.numHeads());
            o.put("num_key_value_heads", model.numKvHeads());
            o.put("head_dim", model.headDim());
            o.put("intermediate_size", model.intermediateSize());
            if (base == null) {
                o.put("max_position_embeddings", model.maxPositions());
            }
            o.put("rms_norm_eps", model.normEps());
            boolean newStyleRope = o.get("rope_parameters") instanceof ObjectNode;
            if (newStyleRope) {
                ((ObjectNode) o.get("rope_parameters")).put("rope_theta", model.ropeTheta());
            } else {
                o.put("rope_theta", model.ropeTheta());
            }
            o.put("hidden_act", "silu");
            if (!type.equals("qwen2")) {
                o.put("attention_bias", model.qkvBias());
                o.put("mlp_bias", model.mlpBias());
            }
            if (newStyleRope) {
                // rope_parameters, kept from the base config, already says how RoPE is scaled
            } else if (model.ropeScaling() == null) {
                o.putNull("rope_scaling");
            } else if (base == null) {
                RopeScaling s = model.ropeScaling();
                ObjectNode r = o.putObject("rope_scaling");
                r.put("rope_type", s.type());
                r.put("factor", s.factor());
                if (s.type().equals("llama3")) {
                    r.put("low_freq_factor", s.lowFreqFactor());
                    r.put("high_freq_factor", s.highFreqFactor());
                    r.put("original_max_position_embeddings", s.originalMaxPositions());
                }
            }
        }
        o.put("tie_word_embeddings", model.tieEmbeddings());
        putId(o, "bos_token_id", model.bosTokenId());
        int[] eos = model.eosTokenIds();
        if (eos.length == 1) {
            o.put("eos_token_id", eos[0]);
        } else if (eos.length > 1) {
            ArrayNode a = o.putArray("eos_token_id");
            for (int id : eos) {
                a.add(id);
            }
        }
        putId(o, "pad_token_id", model.padTokenId());
        String prefix = switch (type) {
            case "gpt2" -> "GPT2";
            case "qwen2" -> "Qwen2";
            case "mistral" -> "Mistral";
            default -> "Llama";
        };
        o.putArray("architectures").add(prefix + (scalarHead ? "ForSequenceClassification"
                : type.equals("gpt2") ? "LMHeadModel" : "ForCausalLM"));
        if (scalarHead) {
            o.putObject("id2label").put("0", "LABEL_0");
            o.putObject("label2id").put("LABEL_0", 0);
            o.put(REWARD_BIAS, rewardBias == null ? 0f : rewardBias);
        } else {
            o.remove(List.of("id2label", "label2id", REWARD_BIAS));
        }
        o.remove("dtype");
        o.put("torch_dtype", torchDtype);
        return o;
    }

    private static void putId(ObjectNode o, String field, int id) {
        if (id >= 0) {
            o.put(field, id);
        }
    }

    /** The stored reward-model bias, 0 when absent. */
    public float rewardBias() {
        return (float) json.path(REWARD_BIAS).asDouble(0);
    }

    /** Typed reads of config fields with defaults, and errors naming the file and field. */
    private record Fields(ObjectNode json, String where) {
        HfFormatException error(String field, String what) {
            return new HfFormatException(where + ": field " + field + ": " + what);
        }

        String string(String field, String fallback) {
            JsonNode n = json.get(field);
            if (n == null || n.isNull()) {
                return fallback;
            }
            if (!n.isTextual()) {
                throw error(field, "expected a string, got " + n);
            }
            return n.asText();
        }

        int integer(String field, int fallback) {
            JsonNode n = json.get(field);
            if (n == null || n.isNull()) {
                return fallback;
            }
            if (!n.isIntegralNumber() || !n.canConvertToInt()) {
                throw error(field, "expected an integer, got " + n);
            }
            return n.asInt();
        }

        double number(String field, double fallback) {
            JsonNode n = json.get(field);
            if (n == null || n.isNull()) {
                return fallback;
            }
            if (!n.isNumber()) {
                throw error(field, "expected a number, got " + n);
            }
            return n.asDouble();
        }

        boolean bool(String field, boolean fallback) {
            JsonNode n = json.get(field);
            if (n == null || n.isNull()) {
                return fallback;
            }
            if (!n.isBoolean()) {
                throw error(field, "expected true or false, got " + n);
            }
            return n.asBoolean();
        }

        /** An id or a list of ids (eos_token_id is a list in Llama 3). */
        int[] ids(String field, int[] fallback) {
            JsonNode n = json.get(field);
            if (n == null || n.isNull()) {
                return fallback;
            }
            if (n.isArray()) {
                int[] out = new int[n.size()];
                for (int i = 0; i < out.length; i++) {
                    if (!n.get(i).isIntegralNumber()) {
                        throw error(field, "expected integer ids, got " + n);
                    }
                    out[i] = n.get(i).asInt();
                }
                return out;
            }
            return new int[] {integer(field, 0)};
        }
    }
}
