package org.rlhf4j.eval;

import java.util.List;
import org.rlhf4j.model.tokenizer.ChatMessage;
import org.rlhf4j.model.tokenizer.HfTokenizer;
import org.rlhf4j.train.data.PromptLoader;

/** How a prompt's text becomes the tokens a model continues: as SFT saw it, plain or through the chat template. */
public enum PromptFormat {
    /** The text itself, as a {@code {"prompt"}} line is trained and sampled. */
    PLAIN,
    /** A one-turn conversation rendered by the tokenizer's chat template, up to the assistant's reply. */
    CHAT;

    public int[] encode(HfTokenizer tokenizer, String prompt) {
        return this == PLAIN ? PromptLoader.plainPrompt(tokenizer, prompt)
                : PromptLoader.chatPrompt(tokenizer, List.of(ChatMessage.user(prompt)));
    }
}
