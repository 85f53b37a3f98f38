package org.rlhf4j.model.tokenizer;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A Hugging Face tokenizer read from a model folder: {@code tokenizer.json} run by HF's own
 * Rust tokenizers (through DJL, whose jar carries the native library, so nothing is
 * downloaded), plus the special tokens and chat template of {@code tokenizer_config.json}.
 *
 * <p>Truncation and padding are off: DJL would otherwise cut every text to 512 tokens
 * without a word. Encoding a text gives all its tokens.
 *
 * <p>Special tokens: {@code bos_token}, {@code eos_token} and {@code pad_token} of
 * {@code tokenizer_config.json} (strings or {@code {"content": ...}} objects), resolved to ids
 * through the vocabulary; without a config, the special tokens of {@code tokenizer.json} are
 * recognised by their usual names ({@code <|endoftext|>} is both BOS and EOS, as in GPT-2).
 * Ids are -1 when the model has no such token.
 */
public final class HfTokenizer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final List<String> BOS_NAMES = List.of("<s>", "<|begin_of_text|>", "<bos>", "<|startoftext|>", "<|endoftext|>");
    private static final List<String> EOS_NAMES = List.of("</s>", "<|end_of_text|>", "<eos>", "<|endoftext|>", "<|im_end|>");
    private static final List<String> PAD_NAMES = List.of("<pad>", "<|pad|>", "[PAD]", "<|finetune_right_pad_id|>");

    static {
        // DJL phones home on EC2 and, on machines with CUDA, looks for a CUDA build of the
        // library online. Offline mode makes it load the CPU library inside its jar.
        if (System.getProperty("ai.djl.offline") == null && System.getenv("DJL_OFFLINE") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        if (System.getProperty("OPT_OUT_TRACKING") == null && System.getenv("OPT_OUT_TRACKING") == null) {
            System.setProperty("OPT_OUT_TRACKING", "true");
        }
    }

    /** Token ids with the character span {@code [start[i], end[i])} each covers in the text (UTF-16 indices). */
    public record Tokens(int[] ids, int[] start, int[] end) {
        public int size() {
            return ids.length;
        }
    }

    /**
     * A tokenized dialogue for SFT: the rendered text's tokens and, per token, whether it
     * belongs to an assistant turn (the tokens to put loss on).
     */
    public record ChatTokens(String text, int[] ids, boolean[] assistantMask) {
    }

    private final Path dir;
    private final HuggingFaceTokenizer hf;
    private final String[] idToToken;
    private final Map<String, Integer> tokenToId;
    private final Set<Integer> specialIds;
    private final String bosToken;
    private final String eosToken;
    private final String padToken;
    private final int bosId;
    private final int eosId;
    private final int padId;
    private final boolean addsBos;
    private final boolean addsEos;
    private final ChatTemplate chatTemplate;

    private HfTokenizer(Path dir, HuggingFaceTokenizer hf, JsonNode tokenizerJson, JsonNode config, String templateSource) {
        this.dir = dir;
        this.hf = hf;
        this.tokenToId = new HashMap<>();
        this.specialIds = new HashSet<>();
        readVocabulary(tokenizerJson.path("model"), tokenToId);
        for (JsonNode added : tokenizerJson.path("added_tokens")) {
            int id = added.path("id").asInt();
            tokenToId.put(added.path("content").asText(), id);
            if (added.path("special").asBoolean(false)) {
                specialIds.add(id);
            }
        }
        int size = 0;
        for (int id : tokenToId.values()) {
            size = Math.max(size, id + 1);
        }
        this.idToToken = new String[size];
        tokenToId.forEach((token, id) -> idToToken[id] = token);

        Set<String> specialNames = new HashSet<>();
        for (int id : specialIds) {
            specialNames.add(idToToken[id]);
        }
        this.bosToken = specialToken(config, "bos_token", BOS_NAMES, specialNames);
        this.eosToken = specialToken(config, "eos_token", EOS_NAMES, specialNames);
        this.padToken = specialToken(config, "pad_token", PAD_NAMES, specialNames);
        this.bosId = idOf(bosToken);
        this.eosId = idOf(eosToken);
        this.padId = idOf(padToken);

        int[] plain = ids(hf.encode("a", false, false));
        int[] special = ids(hf.encode("a", true, false));
        this.addsBos = bosId >= 0 && special.length > plain.length && special[0] == bosId;
        this.addsEos = eosId >= 0 && special.length > plain.length && special[special.length - 1] == eosId;

        Map<String, String> tokens = new HashMap<>();
        putIfPresent(tokens, "bos_token", bosToken);
        putIfPresent(tokens, "eos_token", eosToken);
        putIfPresent(tokens, "pad_token", padToken);
        putIfPresent(tokens, "unk_token", config == null ? null : tokenText(config.get("unk_token")));
        this.chatTemplate = templateSource != null
                ? ChatTemplate.of(templateSource, tokens)
                : ChatTemplate.fallback(addsBos ? bosToken : "", eosToken);
    }

    /**
     * Loads the tokenizer of a Hugging Face model folder: {@code tokenizer.json} (required),
     * {@code tokenizer_config.json} (optional: special tokens, chat template) and, where the
     * config has no chat template, {@code chat_template.jinja} or {@code chat_template.json}.
     *
     * @throws IOException naming the folder when {@code tokenizer.json} is missing or unreadable
     */
    public static HfTokenizer load(Path modelDir) throws IOException {
        Path file = modelDir.resolve("tokenizer.json");
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null,
                    "no tokenizer.json in " + modelDir.toAbsolutePath() + " (a Hugging Face model folder needs one)");
        }
        String json = Files.readString(file, StandardCharsets.UTF_8);
        JsonNode tokenizerJson;
        try {
            tokenizerJson = JSON.readTree(json);
        } catch (IOException e) {
            throw new IOException("unreadable tokenizer.json in " + modelDir.toAbsolutePath() + ": " + e.getMessage(), e);
        }
        JsonNode config = null;
        Path configFile = modelDir.resolve("tokenizer_config.json");
        if (Files.isRegularFile(configFile)) {
            try {
                config = JSON.readTree(configFile.toFile());
            } catch (IOException e) {
                throw new IOException("unreadable tokenizer_config.json in " + modelDir.toAbsolutePath() + ": " + e.getMessage(), e);
            }
        }
        String template = templateSource(modelDir, config);

        HuggingFaceTokenizer hf;
        try {
            hf = HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)),
                    Map.of("truncation", "false", "padding", "false", "addSpecialTokens", "true"));
        } catch (RuntimeException e) {
            throw new IOException("tokenizer.json in " + modelDir.toAbsolutePath() + " is not a valid Hugging Face tokenizer: "
                    + e.getMessage(), e);
        }
        try {
            return new HfTokenizer(modelDir, hf, tokenizerJson, config, template);
        } catch (RuntimeException e) {
            hf.close();
            throw new IOException("cannot read the tokenizer in " + modelDir.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The chat template of a model folder: {@code chat_template} of the config (a string, or a
     * list of {@code {name, template}} from which "default" is taken, else the first), else
     * {@code chat_template.jinja}, else {@code chat_template.json}; null when there is none.
     */
    static String templateSource(Path modelDir, JsonNode config) throws IOException {
        if (config != null) {
            String t = templateOf(config.get("chat_template"));
            if (t != null) {
                return t;
            }
        }
        Path jinja = modelDir.resolve("chat_template.jinja");
        if (Files.isRegularFile(jinja)) {
            return Files.readString(jinja, StandardCharsets.UTF_8);
        }
        Path json = modelDir.resolve("chat_template.json");
        if (Files.isRegularFile(json)) {
            return templateOf(JSON.readTree(json.toFile()).get("chat_template"));
        }
        return null;
    }

    private static String templateOf(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isTextual()) {
            return node.asText();
        }
        if (node.isArray()) {
            String first = null;
            for (JsonNode named : node) {
                String name = named.path("name").asText();
                String template = named.path("template").asText(null);
                if ("default".equals(name)) {
                    return template;
                }
                if (first == null) {
                    first = template;
                }
            }
            return first;
        }
        return null;
    }

    private static void readVocabulary(JsonNode model, Map<String, Integer> tokenToId) {
        JsonNode vocab = model.path("vocab");
        if (vocab.isObject()) { // BPE, WordPiece, WordLevel
            for (Iterator<Map.Entry<String, JsonNode>> it = vocab.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                tokenToId.put(e.getKey(), e.getValue().asInt());
            }
        } else if (vocab.isArray()) { // Unigram: [[piece, score], ...], id = position
            int id = 0;
            for (JsonNode piece : vocab) {
                tokenToId.put(piece.path(0).asText(), id++);
            }
        }
    }

    private static String tokenText(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isTextual()) {
            return node.asText();
        }
        if (node.isObject() && node.hasNonNull("content")) { // AddedToken
            return node.get("content").asText();
        }
        return null;
    }

    private String specialToken(JsonNode config, String key, List<String> usualNames, Set<String> specialNames) {
        if (config != null && config.has(key)) {
            return tokenText(config.get(key)); // an explicit null means the model has none
        }
        for (String name : usualNames) {
            if (specialNames.contains(name)) {
                return name;
            }
        }
        return null;
    }

    private int idOf(String token) {
        if (token == null) {
            return -1;
        }
        Integer id = tokenToId.get(token);
        return id == null ? -1 : id;
    }

    private static void putIfPresent(Map<String, String> map, String key, String value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    private static int[] ids(Encoding encoding) {
        long[] ids = encoding.getIds();
        int[] out = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = Math.toIntExact(ids[i]);
        }
        return out;
    }

    // ---- encoding and decoding -------------------------------------------------------------

    /**
     * Token ids of a text, all of them (no truncation).
     *
     * @param addSpecialTokens apply the tokenizer's post-processor (Llama-style tokenizers add
     *                         BOS; GPT-2's adds nothing)
     */
    public int[] encode(String text, boolean addSpecialTokens) {
        return ids(hf.encode(text, addSpecialTokens, false));
    }

    /** Token ids with the characters each covers; special tokens added by the post-processor cover none. */
    public Tokens encodeWithOffsets(String text, boolean addSpecialTokens) {
        Encoding encoding = hf.encode(text, addSpecialTokens, false);
        int[] ids = ids(encoding);
        CharSpan[] spans = encoding.getCharTokenSpans();
        int[] start = new int[ids.length];
        int[] end = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            CharSpan s = spans[i];
            start[i] = s == null ? 0 : s.getStart();
            end[i] = s == null ? 0 : s.getEnd();
        }
        toUtf16(text, start, end);
        return new Tokens(ids, start, end);
    }

    /**
     * The Rust library reports offsets in Unicode code points; Java strings index UTF-16 units.
     * The two differ only after a character outside the Basic Multilingual Plane (an emoji).
     */
    private static void toUtf16(String text, int[] start, int[] end) {
        if (text.codePointCount(0, text.length()) == text.length()) {
            return;
        }
        int codePoints = text.codePointCount(0, text.length());
        int[] utf16 = new int[codePoints + 1];
        for (int cp = 0, i = 0; cp < codePoints; cp++) {
            utf16[cp] = i;
            i += Character.charCount(text.codePointAt(i));
            utf16[cp + 1] = i;
        }
        for (int i = 0; i < start.length; i++) {
            start[i] = utf16[Math.min(start[i], codePoints)];
            end[i] = utf16[Math.min(end[i], codePoints)];
        }
    }

    /** The text of token ids; with {@code skipSpecialTokens}, special tokens (BOS, EOS, ...) are left out. */
    public String decode(int[] ids, boolean skipSpecialTokens) {
        long[] longs = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            longs[i] = ids[i];
        }
        return hf.decode(longs, skipSpecialTokens);
    }

    /**
     * Renders a dialogue with the chat template and tokenizes it as HF's
     * {@code apply_chat_template(tokenize=True)} does (no special tokens added: the template
     * writes them), marking the tokens of assistant turns. A token is an assistant token when
     * any character it covers is inside an assistant span.
     */
    public ChatTokens encodeChat(List<ChatMessage> messages) {
        ChatTemplate.Rendered rendered = chatTemplate.renderWithAssistantSpans(messages);
        Tokens tokens = encodeWithOffsets(rendered.text(), false);
        boolean[] mask = new boolean[tokens.size()];
        for (int t = 0; t < tokens.size(); t++) {
            for (ChatTemplate.Span span : rendered.assistantSpans()) {
                if (tokens.start()[t] < span.end() && tokens.end()[t] > span.start()) {
                    mask[t] = true;
                    break;
                }
            }
        }
        return new ChatTokens(rendered.text(), tokens.ids(), mask);
    }

    /** Token ids of a dialogue rendered for generation (with the generation prompt), ready to feed the model. */
    public int[] encodePrompt(List<ChatMessage> messages) {
        return encode(chatTemplate.render(messages, true), false);
    }

    // ---- vocabulary and special tokens -----------------------------------------------------

    /** Number of token ids, added tokens included (HF's {@code len(tokenizer)}): the largest id + 1. */
    public int vocabSize() {
        return idToToken.length;
    }

    /** The token of an id as the vocabulary spells it (e.g. {@code Ġhello} in byte-level BPE); null for an unused id. */
    public String tokenToString(int id) {
        if (id < 0 || id >= idToToken.length) {
            throw new IndexOutOfBoundsException("token id " + id + " outside [0, " + idToToken.length + ")");
        }
        return idToToken[id];
    }

    /** The id of a token as the vocabulary spells it, or -1. */
    public int tokenToId(String token) {
        return idOf(token);
    }

    /** True for the ids of special added tokens ({@code <|endoftext|>}, {@code <s>}, {@code <|im_end|>}...). */
    public boolean isSpecial(int id) {
        return specialIds.contains(id);
    }

    public int bosId() {
        return bosId;
    }

    public int eosId() {
        return eosId;
    }

    /** The padding id, or -1 when the model has none (GPT-2, Llama): callers then pad with EOS and mask. */
    public int padId() {
        return padId;
    }

    /** The BOS token's text, or null. */
    public String bosToken() {
        return bosToken;
    }

    /** The EOS token's text, or null. */
    public String eosToken() {
        return eosToken;
    }

    /** The padding token's text, or null. */
    public String padToken() {
        return padToken;
    }

    /** Whether {@code encode(text, true)} starts with BOS (Llama-style post-processors add it; GPT-2's does not). */
    public boolean addsBos() {
        return addsBos;
    }

    /** Whether {@code encode(text, true)} ends with EOS (rare among decoder models). */
    public boolean addsEos() {
        return addsEos;
    }

    public ChatTemplate chatTemplate() {
        return chatTemplate;
    }

    /** The model folder this tokenizer was read from. */
    public Path directory() {
        return dir;
    }

    @Override
    public void close() {
        hf.close();
    }
}
