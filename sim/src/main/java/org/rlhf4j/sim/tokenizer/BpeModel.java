package org.rlhf4j.sim.tokenizer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A trained byte-level BPE: the vocabulary in id order (special tokens, the 256 byte
 * characters, then merged tokens) and the merges in rank order. It can encode and decode text
 * itself, which is how the tests check that HF's tokenizer, reading the saved file, applies the
 * merges as they were learned.
 */
public final class BpeModel {
    /** Two tokens, as the vocabulary spells them, that become one. */
    public record Merge(String left, String right) {}

    private final List<String> tokens;
    private final int specialCount;
    private final List<Merge> merges;
    private final Map<String, Integer> ids = new HashMap<>();
    private final Map<Merge, Integer> ranks = new HashMap<>();

    private BpeModel(List<String> tokens, int specialCount, List<Merge> merges) {
        this.tokens = List.copyOf(tokens);
        this.specialCount = specialCount;
        this.merges = List.copyOf(merges);
        for (int id = 0; id < this.tokens.size(); id++) {
            ids.put(this.tokens.get(id), id);
        }
        for (int r = 0; r < this.merges.size(); r++) {
            ranks.put(this.merges.get(r), r);
        }
    }

    /** A model of {@code tokens} (id order) whose first {@code specialCount} are special tokens. */
    public static BpeModel of(List<String> tokens, int specialCount, List<Merge> merges) {
        return new BpeModel(tokens, specialCount, merges);
    }

    /** Every token by id, special tokens first. */
    public List<String> tokens() {
        return tokens;
    }

    public List<String> specialTokens() {
        return tokens.subList(0, specialCount);
    }

    public List<Merge> merges() {
        return merges;
    }

    public int vocabSize() {
        return tokens.size();
    }

    /** The id of a token as the vocabulary spells it, or -1. */
    public int id(String token) {
        return ids.getOrDefault(token, -1);
    }

    /**
     * Token ids of a text as HF's tokenizer with this model encodes it: special tokens whole,
     * the text between them cut by the GPT-2 regex (all of it at once, not line by line as in
     * training), each piece spelled in bytes and merged lowest rank first, leftmost first.
     */
    public int[] encode(String text) {
        List<Integer> out = new ArrayList<>();
        Gpt2PreTokenizer preTokenizer = new Gpt2PreTokenizer();
        new SpecialTokenSplitter(specialTokens()).split(text, 0, text.length(), new SpecialTokenSplitter.Segments() {
            @Override
            public void text(int from, int to) {
                preTokenizer.split(text, from, to, piece -> encodeWord(ByteLevelAlphabet.encode(piece), out));
            }

            @Override
            public void special(String token) {
                out.add(ids.get(token));
            }
        });
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    private void encodeWord(String byteLevel, List<Integer> out) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < byteLevel.length(); i++) {
            parts.add(String.valueOf(byteLevel.charAt(i)));
        }
        while (parts.size() > 1) {
            int best = -1;
            int bestRank = Integer.MAX_VALUE;
            for (int i = 0; i + 1 < parts.size(); i++) {
                Integer rank = ranks.get(new Merge(parts.get(i), parts.get(i + 1)));
                if (rank != null && rank < bestRank) {
                    bestRank = rank;
                    best = i;
                }
            }
            if (best < 0) {
                break;
            }
            parts.set(best, parts.get(best) + parts.remove(best + 1));
        }
        for (String part : parts) {
            out.add(ids.get(part));
        }
    }

    /** The text of token ids: special tokens as written, the others' bytes as UTF-8. */
    public String decode(int[] tokenIds) {
        StringBuilder text = new StringBuilder();
        StringBuilder bytes = new StringBuilder();
        for (int id : tokenIds) {
            if (id < specialCount) {
                text.append(ByteLevelAlphabet.decode(bytes.toString())).append(tokens.get(id));
                bytes.setLength(0);
            } else {
                bytes.append(tokens.get(id));
            }
        }
        return text.append(ByteLevelAlphabet.decode(bytes.toString())).toString();
    }
}
