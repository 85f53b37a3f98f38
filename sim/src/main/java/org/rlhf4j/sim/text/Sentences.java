package org.rlhf4j.sim.text;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Splits prose into sentences: at . ? ! followed by space and a capital, but not after "Mr." and the like. */
public final class Sentences {
    private static final Pattern END = Pattern.compile("(?<=[.?!])\\s+(?=[A-Z0-9])");
    private static final Pattern ABBREVIATION =
            Pattern.compile("(?:^|\\s)(?:Mr|Mrs|Messrs|Dr|St|Col|Gen|Capt|Jan|Feb|Aug|Sept|Oct|Nov|Dec|[A-Z])\\.$");

    private Sentences() {
    }

    /** The sentences of a text, each stripped; a text without an end mark is one sentence. */
    public static List<String> split(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder sentence = new StringBuilder();
        for (String piece : END.split(text.strip())) {
            sentence.append(sentence.isEmpty() ? "" : " ").append(piece);
            if (!ABBREVIATION.matcher(piece).find()) {
                out.add(sentence.toString().strip());
                sentence.setLength(0);
            }
        }
        if (!sentence.isEmpty()) {
            out.add(sentence.toString().strip());
        }
        out.removeIf(String::isEmpty);
        return out;
    }
}
