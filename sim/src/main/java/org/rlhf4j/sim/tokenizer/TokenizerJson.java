package org.rlhf4j.sim.tokenizer;

import java.util.List;

/**
 * A byte-level BPE as Hugging Face's {@code tokenizer.json}, byte for byte as tokenizers 0.23's
 * {@code Tokenizer.save} writes it (serde_json's pretty printer: two-space indent, merges as
 * {@code ["left", "right"]} pairs, the vocabulary in id order), so that a file from here and one
 * from Python can be compared with {@code cmp}.
 *
 * <p>The pipeline is GPT-2's: no normalizer; the ByteLevel pre-tokenizer with the GPT-2 regex
 * and no prefix space; the ByteLevel post-processor (offsets only, adds no tokens) and decoder.
 * Special tokens are added tokens ({@code normalized: false}: matched in the raw text).
 */
public final class TokenizerJson {
    private TokenizerJson() {}

    public static String of(BpeModel model) {
        StringBuilder j = new StringBuilder(64 * model.vocabSize());
        j.append("{\n");
        j.append("  \"version\": \"1.0\",\n");
        j.append("  \"truncation\": null,\n");
        j.append("  \"padding\": null,\n");
        j.append("  \"added_tokens\": ");
        List<String> specials = model.specialTokens();
        if (specials.isEmpty()) {
            j.append("[],\n");
        } else {
            j.append("[\n");
            for (int id = 0; id < specials.size(); id++) {
                j.append("    {\n");
                j.append("      \"id\": ").append(id).append(",\n");
                j.append("      \"content\": ").append(quote(specials.get(id))).append(",\n");
                j.append("      \"single_word\": false,\n");
                j.append("      \"lstrip\": false,\n");
                j.append("      \"rstrip\": false,\n");
                j.append("      \"normalized\": false,\n");
                j.append("      \"special\": true\n");
                j.append(id + 1 < specials.size() ? "    },\n" : "    }\n");
            }
            j.append("  ],\n");
        }
        j.append("  \"normalizer\": null,\n");
        byteLevel(j, "pre_tokenizer", false, true);
        byteLevel(j, "post_processor", true, false);
        byteLevel(j, "decoder", true, true);
        j.append("  \"model\": {\n");
        j.append("    \"type\": \"BPE\",\n");
        j.append("    \"dropout\": null,\n");
        j.append("    \"unk_token\": null,\n");
        j.append("    \"continuing_subword_prefix\": null,\n");
        j.append("    \"end_of_word_suffix\": null,\n");
        j.append("    \"fuse_unk\": false,\n");
        j.append("    \"byte_fallback\": false,\n");
        j.append("    \"ignore_merges\": false,\n");
        j.append("    \"vocab\": {\n");
        List<String> tokens = model.tokens();
        for (int id = 0; id < tokens.size(); id++) {
            j.append("      ").append(quote(tokens.get(id))).append(": ").append(id).append(id + 1 < tokens.size() ? ",\n" : "\n");
        }
        j.append("    },\n");
        List<BpeModel.Merge> merges = model.merges();
        if (merges.isEmpty()) {
            j.append("    \"merges\": []\n");
        } else {
            j.append("    \"merges\": [\n");
            for (int r = 0; r < merges.size(); r++) {
                BpeModel.Merge m = merges.get(r);
                j.append("      [\n");
                j.append("        ").append(quote(m.left())).append(",\n");
                j.append("        ").append(quote(m.right())).append("\n");
                j.append(r + 1 < merges.size() ? "      ],\n" : "      ]\n");
            }
            j.append("    ]\n");
        }
        j.append("  }\n");
        j.append("}");
        return j.toString();
    }

    /**
     * HF's settings for GPT-2: {@code add_prefix_space} changes nothing in the post-processor and
     * decoder (the decoder only strips, the post-processor only moves offsets), and false in the
     * pre-tokenizer keeps "Hello" at the start of a text different from " Hello" inside it.
     */
    private static void byteLevel(StringBuilder j, String key, boolean addPrefixSpace, boolean trimOffsets) {
        j.append("  \"").append(key).append("\": {\n");
        j.append("    \"type\": \"ByteLevel\",\n");
        j.append("    \"add_prefix_space\": ").append(addPrefixSpace).append(",\n");
        j.append("    \"trim_offsets\": ").append(trimOffsets).append(",\n");
        j.append("    \"use_regex\": true\n");
        j.append("  },\n");
    }

    /** A JSON string as serde_json writes it: only quotes, backslashes and control characters escaped. */
    static String quote(String s) {
        StringBuilder q = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> q.append("\\\"");
                case '\\' -> q.append("\\\\");
                case '\b' -> q.append("\\b");
                case '\f' -> q.append("\\f");
                case '\n' -> q.append("\\n");
                case '\r' -> q.append("\\r");
                case '\t' -> q.append("\\t");
                default -> {
                    if (c < 0x20) {
                        q.append(String.format("\\u%04x", (int) c));
                    } else {
                        q.append(c);
                    }
                }
            }
        }
        return q.append('"').toString();
    }
}
