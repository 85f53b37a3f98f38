package org.rlhf4j.model.tokenizer;

/**
 * A chat template refused to render: it called {@code raise_exception(...)} (for example
 * "Conversation roles must alternate user/assistant/user/assistant/...") or used something
 * the Jinja engine cannot evaluate.
 */
public class ChatTemplateException extends RuntimeException {
    public ChatTemplateException(String message) {
        super(message);
    }

    public ChatTemplateException(String message, Throwable cause) {
        super(message, cause);
    }
}
