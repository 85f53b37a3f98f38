package org.rlhf4j.eval;

import java.util.Arrays;
import java.util.List;
import org.rlhf4j.model.tokenizer.ChatMessage;
import org.rlhf4j.model.tokenizer.HfTokenizer;

/** A prompt and a response as the reward model was trained to read them: prompt, response, EOS; or the chat template's rendering. */
final class RewardInput {
    private RewardInput() {
    }

    static int[] promptResponse(HfTokenizer tokenizer, PromptFormat format, String prompt, String response) {
        if (format == PromptFormat.CHAT) {
            return tokenizer.encodeChat(List.of(ChatMessage.user(prompt), ChatMessage.assistant(response))).ids();
        }
        int[] p = format.encode(tokenizer, prompt);
        int[] body = tokenizer.encode(response, false);
        int eos = tokenizer.eosId() >= 0 ? 1 : 0;
        int[] ids = Arrays.copyOf(p, p.length + body.length + eos);
        System.arraycopy(body, 0, ids, p.length, body.length);
        if (eos == 1) {
            ids[ids.length - 1] = tokenizer.eosId();
        }
        return ids;
    }
}
