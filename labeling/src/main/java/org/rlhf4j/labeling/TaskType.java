package org.rlhf4j.labeling;

import java.util.Locale;

/** The two kinds of work InstructGPT's labelers did. */
public enum TaskType {
    /** Write the answer a good assistant would give to a prompt. */
    DEMONSTRATION,
    /** Rate K model outputs for a prompt and rank them best to worst. */
    RANKING;

    public String dbName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static TaskType parse(String s) {
        for (TaskType t : values()) {
            if (t.dbName().equalsIgnoreCase(s == null ? "" : s.trim())) {
                return t;
            }
        }
        throw new IllegalArgumentException("task type must be demonstration or ranking, got \"" + s + "\"");
    }
}
