package org.rlhf4j.sim.judge;

/**
 * The passage a prompt quotes: the text between its first and last double quote
 * (the generator's prompts quote their passage that way, and clean corpus sentences hold none).
 */
final class PromptPassage {
    private PromptPassage() {
    }

    /** The quoted passage, or "" when the prompt quotes none. */
    static String of(String prompt) {
        int first = prompt.indexOf('"');
        int last = prompt.lastIndexOf('"');
        return first >= 0 && last > first ? prompt.substring(first + 1, last) : "";
    }
}
