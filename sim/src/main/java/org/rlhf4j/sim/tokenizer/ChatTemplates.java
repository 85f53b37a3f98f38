package org.rlhf4j.sim.tokenizer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The chat templates a new tokenizer can carry: none, ChatML, or a Jinja file of one's own. */
public final class ChatTemplates {
    /**
     * ChatML (OpenAI's, used by Qwen and SmolLM): each turn is
     * {@code <|im_start|>role\ncontent<|im_end|>\n}, and a generation prompt opens the assistant's turn.
     */
    public static final String CHATML = "{% for message in messages %}"
            + "{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n' }}"
            + "{% endfor %}"
            + "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

    /** The special tokens ChatML writes; a tokenizer with its template must keep them whole. */
    public static final List<String> CHATML_TOKENS = List.of("<|im_start|>", "<|im_end|>");

    private ChatTemplates() {}

    /** The template named by {@code choice} ({@code none}, {@code chatml} or a Jinja file), or null for none. */
    public static String resolve(String choice) throws IOException {
        return switch (choice) {
            case "none" -> null;
            case "chatml" -> CHATML;
            default -> Files.readString(Path.of(choice), StandardCharsets.UTF_8);
        };
    }

    /** Special tokens the chosen template needs besides the user's. */
    public static List<String> tokensFor(String choice) {
        return "chatml".equals(choice) ? CHATML_TOKENS : List.of();
    }
}
