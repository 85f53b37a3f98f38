package org.rlhf4j.sim.prompts;

import java.util.List;
import java.util.Random;
import org.rlhf4j.sim.text.Words;

/** Small helpers for writing prompts and references the way a careful labeler writes them. */
final class Phrases {
    /** Questions that end a chat or generation reply under END_WITH_QUESTION. */
    static final List<String> FOLLOW_UP_QUESTIONS = List.of(
            "What do you think?", "Do you agree?", "Would you like to hear more?", "Does that help?");

    private Phrases() {
    }

    static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    static boolean isOneWord(String s) {
        return Words.count(s) == 1;
    }

    /** "a, b and c". */
    static String list(List<String> items) {
        if (items.size() == 1) {
            return items.getFirst();
        }
        return String.join(", ", items.subList(0, items.size() - 1)) + " and " + items.getLast();
    }

    /** "a" or "an" before a word. */
    static String article(String word) {
        return "aeiou".indexOf(Character.toLowerCase(word.charAt(0))) >= 0 ? "an" : "a";
    }

    /** Ends a reply with a question when the prompt asks for one. */
    static String withQuestionIfAsked(String reply, Constraint constraint, Random rng) {
        if (constraint != Constraint.END_WITH_QUESTION || reply.endsWith("?")) {
            return reply;
        }
        return reply + " " + Pool.pick(FOLLOW_UP_QUESTIONS, rng);
    }
}
