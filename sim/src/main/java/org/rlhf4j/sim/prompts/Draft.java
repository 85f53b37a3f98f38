package org.rlhf4j.sim.prompts;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A prompt before its constraint is chosen: what a task maker writes. {@link #build} appends the
 * constraint's sentence and names the prompt by its task and a hash of its text (stable, and unique
 * across splits since splits never share a prompt text).
 */
record Draft(String task, Category category, String prompt, List<String> answers, List<String> keywords,
        String reference, boolean factual) {

    SimPrompt build(Constraint constraint) {
        String text = constraint == null ? prompt : prompt + " " + constraint.sentence();
        List<Constraint> constraints = constraint == null ? List.of() : List.of(constraint);
        List<String> lowerAnswers = new ArrayList<>();
        for (String a : answers) {
            String lower = a.toLowerCase(Locale.ROOT).strip();
            if (!lower.isEmpty() && !lowerAnswers.contains(lower)) {
                lowerAnswers.add(lower);
            }
        }
        return new SimPrompt(task + "-" + hash(text), text, category, task, constraints, lowerAnswers, keywords,
                reference, factual);
    }

    private static String hash(String text) {
        long h = 0xcbf29ce484222325L;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        return String.format("%012x", h & 0xffffffffffffL);
    }
}
