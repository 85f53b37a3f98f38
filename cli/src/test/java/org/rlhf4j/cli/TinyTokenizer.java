package org.rlhf4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A GPT-2-like byte-level BPE tokenizer folder for tests (the GPT-2 case of the model module's
 * TokenizerFixtures): the 256 byte symbols, a few merges, and {@code <|endoftext|>} as id 267,
 * which is BOS and EOS; no BOS is added when encoding. Vocabulary size 268.
 */
final class TinyTokenizer {
    static final int VOCAB = 268;
    private static final List<String> MERGES = List.of(
            "h e", "l l", "ll o", "he llo", "Ġ w", "o r", "Ġw or", "Ġwor l", "Ġworl d", "Ġ t", "Ġt he");

    private TinyTokenizer() {
    }

    static Path write(Path dir) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        ObjectNode eos = root.putArray("added_tokens").addObject();
        eos.put("id", VOCAB - 1).put("content", "<|endoftext|>").put("single_word", false).put("lstrip", false)
                .put("rstrip", false).put("normalized", false).put("special", true);
        root.putNull("normalizer");
        root.putObject("pre_tokenizer").put("type", "ByteLevel").put("add_prefix_space", false)
                .put("trim_offsets", true).put("use_regex", true);
        root.putObject("post_processor").put("type", "ByteLevel").put("add_prefix_space", true)
                .put("trim_offsets", false).put("use_regex", true);
        root.putObject("decoder").put("type", "ByteLevel").put("add_prefix_space", true)
                .put("trim_offsets", true).put("use_regex", true);
        ObjectNode model = root.putObject("model");
        model.put("type", "BPE").putNull("dropout");
        model.putNull("unk_token");
        model.put("continuing_subword_prefix", "").put("end_of_word_suffix", "").put("fuse_unk", false)
                .put("byte_fallback", false);
        ObjectNode vocab = model.putObject("vocab");
        for (String s : byteSymbols()) {
            vocab.put(s, vocab.size());
        }
        for (String m : MERGES) {
            vocab.put(m.replace(" ", ""), vocab.size());
        }
        vocab.put("<|endoftext|>", vocab.size());
        ArrayNode merges = model.putArray("merges");
        MERGES.forEach(merges::add);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("tokenizer.json"), json.writeValueAsString(root));
        return dir;
    }

    /** GPT-2's byte-to-unicode table: printable bytes map to themselves, the rest to 256 + n. */
    private static List<String> byteSymbols() {
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
}
