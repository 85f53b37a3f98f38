package org.rlhf4j.train.data;

import java.util.List;
import java.util.Objects;

import org.rlhf4j.model.tokenizer.ChatMessage;

/**
 * What a labeler wrote as the desired behaviour for a prompt (InstructGPT's SFT data), in
 * either of TRL's shapes: a plain prompt and completion, or a conversation whose assistant
 * turns are the demonstration. The two shapes are trained differently (raw text vs the chat
 * template), so they stay distinct types rather than one being forced into the other.
 */
public sealed interface Demonstration permits Demonstration.PromptCompletion, Demonstration.Conversation {

    Source source();

    /** {@code {"prompt": ..., "completion": ...}}: loss goes on the completion. */
    record PromptCompletion(String prompt, String completion, Source source) implements Demonstration {
        public PromptCompletion {
            Objects.requireNonNull(prompt, "prompt");
            Objects.requireNonNull(completion, "completion");
            Objects.requireNonNull(source, "source");
        }
    }

    /** {@code {"messages": [...]}} with at least one assistant turn: loss goes on the assistant turns. */
    record Conversation(List<ChatMessage> messages, Source source) implements Demonstration {
        public Conversation {
            messages = List.copyOf(messages);
            Objects.requireNonNull(source, "source");
        }
    }
}
