package org.rlhf4j.sim.prompts;

import java.util.List;
import java.util.Map;

/**
 * The labels each classification task chooses among: the generator states them in the prompt and
 * the checks accept a response that names exactly one of them.
 */
public final class ClassificationLabels {
    private static final Map<String, List<String>> LABELS = Map.of(
            "part-of-speech", List.of("noun", "verb", "adjective"),
            "source", List.of("novel", "speech"),
            "sentence-type", List.of("question", "statement"));

    private ClassificationLabels() {
    }

    /** The labels of a classification task; empty for a task that is not one. */
    public static List<String> of(String task) {
        return LABELS.getOrDefault(task, List.of());
    }
}
