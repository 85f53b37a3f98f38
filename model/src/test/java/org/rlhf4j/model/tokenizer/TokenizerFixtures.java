package org.rlhf4j.model.tokenizer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Small but valid Hugging Face byte-level BPE tokenizers written into model folders: the 256
 * byte symbols of GPT-2's byte-to-unicode table, a handful of merges (enough to make "hello",
 * " world" and " the" single tokens) and special added tokens.
 */
public final class TokenizerFixtures {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Merges in rank order; each result is a vocabulary entry. */
    static final List<String> MERGES = List.of(
            "h e", "l l", "ll o", "he llo", "Ġ w", "o r", "Ġw or", "Ġwor l", "Ġworl d", "Ġ t", "Ġt he");

    private TokenizerFixtures() {
    }

    /** GPT-2's byte-to-unicode table: printable bytes map to themselves, the rest to 256 + n. */
    static List<String> byteSymbols() {
        List<Integer> bs = new ArrayList<>();
        for (int b = '!'; b <= '~'; b++) bs.add(b);
        for (int b = 0xA1; b <= 0xAC; b++) bs.add(b);
        for (int b = 0xAE; b <= 0xFF; b++) bs.add(b);
        List<Integer> cs = new ArrayList<>(bs);
        int n = 0;
        for (int b = 0; b < 256; b++) {
            if (!bs.contains(b)) {
                bs.add(b);
                cs.add(256 + n++);
            }
        }
        List<String> symbols = new ArrayList<>();
        for (int c : cs) symbols.add(new String(Character.toChars(c)));
        return symbols;
    }

    /**
     * A byte-level BPE tokenizer.json.
     *
     * @param leadingSpecials special tokens given the first ids (Llama: {@code <unk>, <s>, </s>})
     * @param trailingSpecials special tokens given ids after the vocabulary (GPT-2: {@code <|endoftext|>})
     * @param bosPrefix null, or the token a TemplateProcessing post-processor puts before every text
     */
    static String tokenizerJson(List<String> leadingSpecials, List<String> trailingSpecials, String bosPrefix) {
        Map<String, Integer> vocab = new LinkedHashMap<>();
        for (String s : leadingSpecials) vocab.put(s, vocab.size());
        for (String s : byteSymbols()) vocab.put(s, vocab.size());
        for (String m : MERGES) vocab.put(m.replace(" ", ""), vocab.size());
        List<String> specials = new ArrayList<>(leadingSpecials);
        specials.addAll(trailingSpecials);
        for (String s : trailingSpecials) vocab.put(s, vocab.size());

        ObjectNode root = JSON.createObjectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        ArrayNode added = root.putArray("added_tokens");
        for (String s : specials) {
            ObjectNode t = added.addObject();
            t.put("id", vocab.get(s));
            t.put("content", s);
            t.put("single_word", false);
            t.put("lstrip", false);
            t.put("rstrip", false);
            t.put("normalized", false);
            t.put("special", true);
        }
        root.putNull("normalizer");
        ObjectNode pre = root.putObject("pre_tokenizer");
        pre.put("type", "ByteLevel");
        pre.put("add_prefix_space", false);
        pre.put("trim_offsets", true);
        pre.put("use_regex", true);
        if (bosPrefix == null) {
            ObjectNode post = root.putObject("post_processor");
            post.put("type", "ByteLevel");
            post.put("add_prefix_space", true);
            post.put("trim_offsets", false);
            post.put("use_regex", true);
        } else {
            ObjectNode post = root.putObject("post_processor");
            post.put("type", "TemplateProcessing");
            ArrayNode single = post.putArray("single");
            single.addObject().putObject("SpecialToken").put("id", bosPrefix).put("type_id", 0);
            single.addObject().putObject("Sequence").put("id", "A").put("type_id", 0);
            ArrayNode pair = post.putArray("pair");
            pair.addObject().putObject("SpecialToken").put("id", bosPrefix).put("type_id", 0);
            pair.addObject().putObject("Sequence").put("id", "A").put("type_id", 0);
            pair.addObject().putObject("SpecialToken").put("id", bosPrefix).put("type_id", 1);
            pair.addObject().putObject("Sequence").put("id", "B").put("type_id", 1);
            ObjectNode st = post.putObject("special_tokens").putObject(bosPrefix);
            st.put("id", bosPrefix);
            st.putArray("ids").add(vocab.get(bosPrefix));
            st.putArray("tokens").add(bosPrefix);
        }
        ObjectNode dec = root.putObject("decoder");
        dec.put("type", "ByteLevel");
        dec.put("add_prefix_space", true);
        dec.put("trim_offsets", true);
        dec.put("use_regex", true);
        ObjectNode model = root.putObject("model");
        model.put("type", "BPE");
        model.putNull("dropout");
        model.putNull("unk_token");
        model.put("continuing_subword_prefix", "");
        model.put("end_of_word_suffix", "");
        model.put("fuse_unk", false);
        model.put("byte_fallback", false);
        ObjectNode v = model.putObject("vocab");
        vocab.forEach(v::put);
        ArrayNode merges = model.putArray("merges");
        MERGES.forEach(merges::add);
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A GPT-2-like folder: {@code <|endoftext|>} after the vocabulary, no BOS added, plus extra specials. */
    public static Path gpt2(Path dir, String... extraSpecials) throws IOException {
        List<String> trailing = new ArrayList<>(List.of("<|endoftext|>"));
        trailing.addAll(List.of(extraSpecials));
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("tokenizer.json"), tokenizerJson(List.of(), trailing, null));
        return dir;
    }

    /** A Llama-like folder: {@code <unk>}=0, {@code <s>}=1, {@code </s>}=2, BOS added by a TemplateProcessing post-processor. */
    public static Path llama(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("tokenizer.json"), tokenizerJson(List.of("<unk>", "<s>", "</s>"), List.of(), "<s>"));
        return dir;
    }

    public static void writeConfig(Path dir, String json) throws IOException {
        Files.writeString(dir.resolve("tokenizer_config.json"), json);
    }

    /** A JSON string literal of {@code s} (for writing templates into configs). */
    public static String quote(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
