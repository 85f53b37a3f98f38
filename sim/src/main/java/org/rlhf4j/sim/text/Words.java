package org.rlhf4j.sim.text;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The one way the simulated world splits text into words and compares them, so the prompt
 * generator and the checks agree: lower-case runs of letters and digits (an inner apostrophe or
 * hyphen kept, a possessive 's dropped so "Austria's" is "austria"), a crude suffix-stripping
 * stem, and a short stop-word list.
 */
public final class Words {
    private static final Set<String> STOPWORDS = Set.of(
            "a", "an", "the", "and", "or", "but", "of", "to", "in", "on", "at", "by", "for", "with", "from", "as",
            "is", "are", "was", "were", "be", "been", "being", "am", "it", "its", "this", "that", "these", "those",
            "i", "you", "he", "she", "we", "they", "me", "him", "her", "us", "them", "my", "your", "his", "our",
            "their", "not", "no", "so", "if", "then", "than", "there", "here", "what", "which", "who", "whom",
            "do", "does", "did", "have", "has", "had", "will", "would", "shall", "should", "can", "could", "may",
            "might", "must", "very", "all", "any", "some", "such", "into", "out", "up", "about", "one", "also",
            "mean", "means", "word", "kind", "thing");

    private Words() {
    }

    /** The words of a text, lower case, in order. */
    public static List<String> tokens(String text) {
        List<String> out = new ArrayList<>();
        String lower = text.toLowerCase(Locale.ROOT);
        int i = 0;
        int n = lower.length();
        while (i < n) {
            while (i < n && !Character.isLetterOrDigit(lower.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && (Character.isLetterOrDigit(lower.charAt(i))
                    || ((lower.charAt(i) == '\'' || lower.charAt(i) == '-') && i + 1 < n && Character.isLetterOrDigit(lower.charAt(i + 1))))) {
                i++;
            }
            if (i > start) {
                String word = lower.substring(start, i);
                out.add(word.endsWith("'s") ? word.substring(0, word.length() - 2) : word);
            }
        }
        return out;
    }

    /** How many words a text has. */
    public static int count(String text) {
        return tokens(text).size();
    }

    /** A crude stem, enough to match "liberties" with "liberty" and "governed" with "govern". */
    public static String stem(String word) {
        String w = word.toLowerCase(Locale.ROOT);
        if (w.endsWith("'s")) {
            w = w.substring(0, w.length() - 2);
        }
        if (w.length() > 4 && w.endsWith("ies")) {
            return w.substring(0, w.length() - 3) + "y";
        }
        for (String suffix : List.of("ing", "ed", "es", "s")) {
            if (w.length() - suffix.length() >= 3 && w.endsWith(suffix) && !w.endsWith("ss")) {
                return w.substring(0, w.length() - suffix.length());
            }
        }
        return w;
    }

    public static boolean isStopword(String word) {
        return STOPWORDS.contains(word);
    }

    /** The stems of a text's words that carry content (no stop words), without repeats, in order. */
    public static Set<String> contentStems(String text) {
        Set<String> out = new LinkedHashSet<>();
        for (String t : tokens(text)) {
            if (!STOPWORDS.contains(t)) {
                out.add(stem(t));
            }
        }
        return out;
    }

    /** The fraction of {@code wanted} stems found in {@code present}; 1 when nothing is wanted. */
    public static double recall(Collection<String> wanted, Set<String> present) {
        if (wanted.isEmpty()) {
            return 1;
        }
        long found = wanted.stream().filter(present::contains).count();
        return (double) found / wanted.size();
    }

    /** True when the words of {@code phrase} occur together, in order, among the words of {@code text}. */
    public static boolean containsPhrase(String text, String phrase) {
        return indexOf(tokens(text), tokens(phrase)) >= 0;
    }

    /** Where {@code phrase} starts in {@code words}, or -1. An empty phrase is never found. */
    public static int indexOf(List<String> words, List<String> phrase) {
        if (phrase.isEmpty()) {
            return -1;
        }
        outer:
        for (int i = 0; i + phrase.size() <= words.size(); i++) {
            for (int j = 0; j < phrase.size(); j++) {
                if (!words.get(i + j).equals(phrase.get(j))) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
