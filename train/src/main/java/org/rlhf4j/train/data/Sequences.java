package org.rlhf4j.train.data;

import java.util.Arrays;
import java.util.List;
import org.rlhf4j.model.tokenizer.ChatMessage;
import org.rlhf4j.model.tokenizer.ChatTemplateException;
import org.rlhf4j.model.tokenizer.HfTokenizer;

/** Token-sequence pieces shared by the SFT, comparison and prompt steps, so all build prompts alike. */
final class Sequences {

    private Sequences() {
    }

    /**
     * A prompt's ids with the tokenizer's special tokens (Llama's BOS), minus a trailing EOS
     * for the rare tokenizers that add one: a response follows, so the text has not ended.
     */
    static int[] prompt(HfTokenizer tokenizer, String prompt) {
        int[] ids = tokenizer.encode(prompt, true);
        if (tokenizer.addsEos() && ids.length > 0 && ids[ids.length - 1] == tokenizer.eosId()) {
            ids = Arrays.copyOf(ids, ids.length - 1);
        }
        return ids;
    }

    /** {@code prompt ++ response ++ [eos]} (EOS when the tokenizer has one). */
    static int[] promptResponse(HfTokenizer tokenizer, int[] prompt, String response) {
        int[] body = tokenizer.encode(response, false);
        int eos = tokenizer.eosId() >= 0 ? 1 : 0;
        int[] ids = Arrays.copyOf(prompt, prompt.length + body.length + eos);
        System.arraycopy(body, 0, ids, prompt.length, body.length);
        if (eos == 1) {
            ids[ids.length - 1] = tokenizer.eosId();
        }
        return ids;
    }

    /**
     * A conversation whose last turn is the assistant's, rendered by the chat template: its ids
     * and where that last assistant turn starts (the tokens before it, its header included, are
     * the prompt a response continues); {@code start == end} when the template drops its content.
     */
    record LastReply(int[] ids, int start, int end) {}

    static LastReply lastReply(HfTokenizer tokenizer, List<ChatMessage> turns, Source source) {
        HfTokenizer.ChatTokens chat;
        try {
            chat = tokenizer.encodeChat(turns);
        } catch (ChatTemplateException e) {
            throw new DatasetException(source, e.getMessage());
        }
        boolean[] mask = chat.assistantMask();
        int end = mask.length;
        while (end > 0 && !mask[end - 1]) {
            end--;
        }
        int start = end;
        while (start > 0 && mask[start - 1]) {
            start--;
        }
        return new LastReply(chat.ids(), start, end);
    }
}
