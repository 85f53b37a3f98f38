package org.rlhf4j.sim.prompts;

import java.util.Locale;

/** The paper's prompt categories (InstructGPT, Table 1), as the simulated world makes them. */
public enum Category {
    GENERATION, OPEN_QA, BRAINSTORMING, CHAT, REWRITE, SUMMARIZATION, CLASSIFICATION, EXTRACT, CLOSED_QA;

    /** The name used in JSONL files and reports: {@code open_qa}, {@code closed_qa}... */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Category fromJson(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
