package org.rlhf4j.sim.tokenizer;

import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.rlhf4j.tensor.io.AtomicFiles;

/**
 * Writes a trained tokenizer as a Hugging Face tokenizer folder: {@code tokenizer.json} (see
 * {@link TokenizerJson}) and {@code tokenizer_config.json}, each file all-or-nothing.
 *
 * <p>Special tokens in the config, GPT-2's way: the first special token is both BOS and EOS
 * (a document separator, put after each document in pretraining); a token named like a padding
 * token ({@code <pad>}, {@code <|pad|>}...) is the padding token, else there is none and trainers
 * pad with EOS under a mask; there is no unknown token, since every byte has a token.
 */
public final class TokenizerFolder {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Indented as Python's json.dump(indent=2) writes it ({@code "key": value}), as in a folder from transformers. */
    private static final ObjectWriter INDENTED = JSON.writer(new DefaultPrettyPrinter()
            .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER)));
    private static final Set<String> PAD_NAMES = Set.of("<pad>", "<|pad|>", "[PAD]", "<|padding|>");

    private TokenizerFolder() {}

    /**
     * @param chatTemplate Jinja source for {@code chat_template}, or null
     * @param modelMaxLength the longest sequence the tokenizer is meant for ({@code model_max_length})
     */
    public static void write(BpeModel model, String chatTemplate, int modelMaxLength, Path dir) {
        byte[] tokenizerJson = TokenizerJson.of(model).getBytes(StandardCharsets.UTF_8);
        byte[] config = config(model, chatTemplate, modelMaxLength).getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(dir.resolve("tokenizer.json"), out -> out.write(tokenizerJson));
        AtomicFiles.write(dir.resolve("tokenizer_config.json"), out -> out.write(config));
    }

    static String config(BpeModel model, String chatTemplate, int modelMaxLength) {
        List<String> specials = model.specialTokens();
        ObjectNode c = JSON.createObjectNode();
        c.put("add_prefix_space", false);
        ObjectNode decoder = c.putObject("added_tokens_decoder");
        for (int id = 0; id < specials.size(); id++) {
            ObjectNode t = decoder.putObject(Integer.toString(id));
            t.put("content", specials.get(id));
            t.put("lstrip", false);
            t.put("normalized", false);
            t.put("rstrip", false);
            t.put("single_word", false);
            t.put("special", true);
        }
        String separator = specials.isEmpty() ? null : specials.get(0);
        String pad = specials.stream().filter(s -> PAD_NAMES.contains(s.toLowerCase(Locale.ROOT))).findFirst().orElse(null);
        c.put("bos_token", separator);
        c.put("eos_token", separator);
        c.put("pad_token", pad);
        c.putNull("unk_token");
        if (chatTemplate != null) {
            c.put("chat_template", chatTemplate);
        }
        c.put("clean_up_tokenization_spaces", false);
        c.put("model_max_length", modelMaxLength);
        c.put("tokenizer_class", "PreTrainedTokenizerFast");
        try {
            return INDENTED.writeValueAsString(c) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write a JSON tree of strings", e);
        }
    }
}
