package org.rlhf4j.sim.text;

import java.util.regex.Pattern;

/**
 * Recognizes text that declines to answer: "I don't know", "I'm not sure", "no idea"... The checks
 * use it on responses; the prompt generator keeps such sentences out of its references.
 */
public final class Abstention {
    private static final Pattern PHRASES = Pattern.compile(
            "\\b(?:i (?:do not|don't|dont) know|(?:i'm|i am|im) (?:not sure|unsure|not certain)|not sure|no idea"
                    + "|i (?:cannot|can't|cant) (?:answer|say|tell)|i have no (?:idea|answer)|hard to say)\\b",
            Pattern.CASE_INSENSITIVE);

    private Abstention() {
    }

    public static boolean abstains(String response) {
        return PHRASES.matcher(response.replace('\u2019', '\'')).find();
    }
}
