package org.rlhf4j.sim.prompts;

import java.util.Arrays;
import java.util.Locale;

/**
 * An explicit constraint a prompt can state ("Answer in one word."), with its check.
 * The set of constraints and their checks live here so that the prompt generator and the judges agree;
 * the checks themselves are in {@code ResponseChecks}.
 */
public enum Constraint {
    /** Exactly one word. */
    ONE_WORD("Answer in one word."),
    /** A list of exactly three items. */
    LIST_THREE("List three."),
    /** The response's last character is a question mark. */
    END_WITH_QUESTION("End with a question."),
    /** Exactly one sentence. */
    ONE_SENTENCE("Answer in one sentence.");

    private final String sentence;

    Constraint(String sentence) {
        this.sentence = sentence;
    }

    /** The sentence appended to a prompt to state this constraint. */
    public String sentence() {
        return sentence;
    }

    /** The name used in JSONL files: {@code one_word}, {@code list_three}... */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Constraint fromJson(String name) {
        for (Constraint c : values()) {
            if (c.jsonName().equals(name)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown constraint \"" + name + "\" (one of "
                + Arrays.stream(values()).map(Constraint::jsonName).toList() + ")");
    }
}
