package org.rlhf4j.sim.world;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The bsdgames quiz grammar for accepted answers: {@code a|b} either, {@code [x|y]} either inside
 * a word, {@code {...}} optional (and {@code |} inside it too), nested at will. So
 * {@code {G{eorge} }Washington} accepts "washington", "g washington" and "george washington".
 */
public final class AnswerPattern {
    private final String pattern;
    private int at;

    private AnswerPattern(String pattern) {
        this.pattern = pattern;
    }

    /** Every string the pattern accepts, lower case, spaces collapsed, in the order the pattern lists them. */
    public static Set<String> variants(String pattern) {
        AnswerPattern parser = new AnswerPattern(pattern);
        List<String> raw = parser.alternatives(false);
        parser.expectEnd();
        Set<String> out = new LinkedHashSet<>();
        for (String s : raw) {
            String v = normalize(s);
            if (!v.isEmpty()) {
                out.add(v);
            }
        }
        return out;
    }

    /**
     * How a careful person writes the answer: the first alternative, with the optional parts that
     * are plain words ("George Washington"), not those holding punctuation or asides
     * ("Grover Cleveland", not "Grover Cleveland (1st term)"; "James Earl Carter", not "..., Junior").
     */
    public static String display(String pattern) {
        AnswerPattern parser = new AnswerPattern(pattern);
        String first = parser.firstAlternative();
        return first.replaceAll("\\s+", " ").strip();
    }

    /** Lower case, single spaces, no surrounding space: the form answers are compared in. */
    public static String normalize(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").strip();
    }

    // Expansion: alternatives := sequence ('|' sequence)*; sequence := (char | '{' alternatives '}' | '[' alternatives ']')*
    private List<String> alternatives(boolean nested) {
        List<String> out = new ArrayList<>(sequence());
        while (at < pattern.length() && pattern.charAt(at) == '|') {
            at++;
            out.addAll(sequence());
        }
        if (!nested && at < pattern.length()) {
            throw error("unexpected '" + pattern.charAt(at) + "'");
        }
        return out;
    }

    private List<String> sequence() {
        List<String> prefixes = new ArrayList<>(List.of(""));
        StringBuilder literal = new StringBuilder();
        while (at < pattern.length()) {
            char c = pattern.charAt(at);
            if (c == '|' || c == '}' || c == ']') {
                break;
            }
            at++;
            if (c == '{' || c == '[') {
                List<String> inner = alternatives(true);
                expect(c == '{' ? '}' : ']');
                if (c == '{') {
                    inner.add("");
                }
                prefixes = product(prefixes, literal.toString(), inner);
                literal.setLength(0);
            } else {
                literal.append(c);
            }
        }
        return product(prefixes, literal.toString(), List.of(""));
    }

    private static List<String> product(List<String> prefixes, String literal, List<String> suffixes) {
        List<String> out = new ArrayList<>(prefixes.size() * suffixes.size());
        for (String p : prefixes) {
            for (String s : suffixes) {
                out.add(p + literal + s);
            }
        }
        return out;
    }

    // Display: the first alternative of every group; an optional group only when it reads as plain words.
    private String firstAlternative() {
        String first = firstOfSequence();
        while (at < pattern.length() && pattern.charAt(at) == '|') {
            at++;
            firstOfSequence(); // skipped, but parsed to find the group's end
        }
        return first;
    }

    private String firstOfSequence() {
        StringBuilder out = new StringBuilder();
        while (at < pattern.length()) {
            char c = pattern.charAt(at);
            if (c == '|' || c == '}' || c == ']') {
                break;
            }
            at++;
            if (c == '{' || c == '[') {
                int start = at;
                String inner = firstAlternative();
                expect(c == '{' ? '}' : ']');
                String words = pattern.substring(start, at - 1).replaceAll("[{}\\[\\]|]", "");
                if (c == '[' || words.matches("[\\p{L}\\p{N}. ]*")) {
                    out.append(inner);
                }
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private void expect(char close) {
        if (at >= pattern.length() || pattern.charAt(at) != close) {
            throw error("missing '" + close + "'");
        }
        at++;
    }

    private void expectEnd() {
        if (at != pattern.length()) {
            throw error("unexpected '" + pattern.charAt(at) + "'");
        }
    }

    private IllegalArgumentException error(String what) {
        String where = at >= pattern.length() ? "at the end" : "at character " + (at + 1);
        return new IllegalArgumentException("answer pattern \"" + pattern + "\": " + what + " " + where);
    }
}
