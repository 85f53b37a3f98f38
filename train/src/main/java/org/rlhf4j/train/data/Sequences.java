package org.rlhf4j.train.data;

import java.util.Arrays;

import org.rlhf4j.model.tokenizer.HfTokenizer;

/** Token-sequence pieces shared by the SFT and comparison steps, so both build prompts alike. */
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
}
