package org.rlhf4j.train.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rlhf4j.model.tokenizer.ChatMessage;
import org.rlhf4j.model.tokenizer.HfTokenizer;

/**
 * Prompts for RL, from JSONL: {@code {"prompt": "..."}} (encoded as SFT encodes a prompt) or
 * {@code {"messages": [...]}} ending with a user turn (rendered by the chat template up to where
 * the next assistant turn's content starts, as SFT renders a conversation). Other fields are ignored.
 */
public final class PromptLoader {
    private PromptLoader() {}

    /** The token ids of every prompt; one longer than {@code maxLength} tokens is a bad record. */
    public static List<int[]> load(Path file, HfTokenizer tokenizer, int maxLength, BadRecords bad) {
        List<int[]> out = new ArrayList<>();
        JsonlReader.read(file, bad, (record, source) -> {
            int[] ids;
            if (record.has("messages")) {
                List<ChatMessage> messages = DemonstrationLoader.messages(record, "messages");
                if (messages.isEmpty() || messages.getLast().role().equals("assistant")) {
                    throw new RecordProblem("field \"messages\" must end with a user turn; the response is the next one");
                }
                ids = conversationPrompt(tokenizer, messages, source);
            } else {
                ids = Sequences.prompt(tokenizer, JsonFields.string(record, "prompt"));
            }
            if (ids.length > maxLength) {
                throw new RecordProblem("prompt has " + ids.length + " tokens, more than the maximum length " + maxLength);
            }
            out.add(ids);
        });
        return out;
    }

    /**
     * A plain-text prompt as SFT puts it before a response: its ids with the tokenizer's special
     * tokens (Llama's BOS), no EOS. What a {@code {"prompt"}} line becomes.
     */
    public static int[] plainPrompt(HfTokenizer tokenizer, String prompt) {
        return Sequences.prompt(tokenizer, prompt);
    }

    /**
     * A conversation rendered by the chat template up to where the next assistant turn's content
     * starts: what a model continues to reply (the chat command, {@code generate --chat}).
     *
     * @throws IllegalArgumentException when the template fails on these messages
     */
    public static int[] chatPrompt(HfTokenizer tokenizer, List<ChatMessage> messages) {
        try {
            return conversationPrompt(tokenizer, messages, new Source(java.nio.file.Path.of("conversation"), messages.size()));
        } catch (DatasetException e) {
            throw new IllegalArgumentException("the chat template cannot render this conversation: " + e.getMessage(), e);
        }
    }

    /** The tokens before the next assistant turn's content (its header included). */
    private static int[] conversationPrompt(HfTokenizer tokenizer, List<ChatMessage> messages, Source source) {
        List<ChatMessage> withReply = new ArrayList<>(messages);
        withReply.add(ChatMessage.assistant("x"));
        Sequences.LastReply reply = Sequences.lastReply(tokenizer, withReply, source);
        return java.util.Arrays.copyOf(reply.ids(), reply.start());
    }
}
