package org.rlhf4j.sim.judge;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.rlhf4j.sim.text.Sentences;
import org.rlhf4j.sim.text.Words;
import org.rlhf4j.sim.world.FactTables;

/**
 * Catches one kind of invented fact in any response: a sentence about "the capital of X" (X a
 * country or US state the tables know) that names a known capital city which is not X's. Kept
 * that simple on purpose: it must never flag a true statement, and the capital questions are
 * where the demo's model is most tempted to make things up.
 */
final class FactClaims {
    private final Map<String, Set<String>> capitals;
    private final Set<String> allCapitals = new HashSet<>();

    FactClaims(FactTables facts) {
        this.capitals = facts.capitals();
        capitals.values().forEach(allCapitals::addAll);
    }

    /** True when some sentence of the response gives a wrong capital. */
    boolean wrongCapital(String response) {
        for (String sentence : Sentences.split(response)) {
            List<String> tokens = Words.tokens(sentence);
            int at = Words.indexOf(tokens, List.of("capital", "of"));
            if (at < 0) {
                continue;
            }
            Set<String> right = placeAfter(tokens, at + 2);
            if (right == null) {
                continue;
            }
            boolean namesRight = right.stream().anyMatch(c -> Words.indexOf(tokens, Words.tokens(c)) >= 0);
            if (namesRight) {
                continue;
            }
            for (String capital : allCapitals) {
                if (!right.contains(capital) && Words.indexOf(tokens, Words.tokens(capital)) >= 0) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The accepted capitals of the longest known place name starting at {@code from}, or null. */
    private Set<String> placeAfter(List<String> tokens, int from) {
        for (int end = Math.min(tokens.size(), from + 6); end > from; end--) {
            Set<String> c = capitals.get(String.join(" ", tokens.subList(from, end)));
            if (c != null) {
                return c;
            }
        }
        return null;
    }
}
