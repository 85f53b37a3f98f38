package org.rlhf4j.train.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import org.rlhf4j.model.tokenizer.ChatTemplateException;
import org.rlhf4j.model.tokenizer.HfTokenizer;

/**
 * Turns demonstrations into {@link SftExample}s, the step that knows token lengths.
 *
 * <ul>
 *   <li>prompt/completion: {@code encode(prompt, true) ++ encode(completion, false) ++ [eos]};
 *       loss on the completion and the EOS (so the model learns to stop). The two parts are
 *       tokenized apart so the boundary is exact, as it is at generation time when the
 *       model continues the prompt's tokens. EOS is appended when the tokenizer has one.</li>
 *   <li>messages: the model's chat template ({@link HfTokenizer#encodeChat}), loss on the
 *       assistant turns, including what closes them ({@code <|im_end|>}, EOS...).</li>
 * </ul>
 *
 * A record longer than {@code maxLength} tokens is rejected, not truncated: a cut-off
 * demonstration teaches the model to stop mid-sentence, or never to stop. So is one with no
 * loss token (e.g. a template that drops assistant content).
 */
public final class SftTokenizer {

    private final HfTokenizer tokenizer;
    private final int maxLength;

    public SftTokenizer(HfTokenizer tokenizer, int maxLength) {
        this.tokenizer = Objects.requireNonNull(tokenizer, "tokenizer");
        if (maxLength < 2) {
            throw new IllegalArgumentException("maxLength must be at least 2, got " + maxLength);
        }
        this.maxLength = maxLength;
    }

    /** All demonstrations that pass, in order; the others go to {@code bad}. */
    public List<SftExample> tokenize(List<? extends Demonstration> demonstrations, BadRecords bad) {
        List<SftExample> out = new ArrayList<>(demonstrations.size());
        for (Demonstration d : demonstrations) {
            try {
                out.add(tokenize(d));
            } catch (DatasetException e) {
                bad.reject(e);
            }
        }
        return out;
    }

    /**
     * One demonstration.
     *
     * @throws DatasetException {@code FILE:LINE: record has N tokens, more than the maximum length M},
     *                          no loss tokens, or a chat template failure
     */
    public SftExample tokenize(Demonstration demonstration) {
        SftExample example = switch (demonstration) {
            case Demonstration.PromptCompletion pc -> promptCompletion(pc);
            case Demonstration.Conversation c -> conversation(c);
        };
        Source source = demonstration.source();
        if (example.length() > maxLength) {
            throw new DatasetException(source, "record has " + example.length()
                    + " tokens, more than the maximum length " + maxLength);
        }
        if (example.lossTokens() == 0) {
            throw new DatasetException(source, "record has no tokens to train on (no completion or assistant tokens)");
        }
        return example;
    }

    private SftExample promptCompletion(Demonstration.PromptCompletion pc) {
        int[] prompt = Sequences.prompt(tokenizer, pc.prompt());
        int[] ids = Sequences.promptResponse(tokenizer, prompt, pc.completion());
        boolean[] mask = new boolean[ids.length];
        Arrays.fill(mask, prompt.length, ids.length, true);
        return new SftExample(ids, mask, pc.source());
    }

    private SftExample conversation(Demonstration.Conversation c) {
        HfTokenizer.ChatTokens chat;
        try {
            chat = tokenizer.encodeChat(c.messages());
        } catch (ChatTemplateException e) {
            throw new DatasetException(c.source(), e.getMessage());
        }
        return new SftExample(chat.ids(), chat.assistantMask(), c.source());
    }
}
