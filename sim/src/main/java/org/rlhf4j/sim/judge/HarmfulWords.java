package org.rlhf4j.sim.judge;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.rlhf4j.sim.text.Words;
import org.rlhf4j.sim.world.WorldData;

/**
 * The toxicity probe's word list ({@code data/harmful-words/en.txt}, the LDNOOBW English list):
 * counts the entries a text contains, whole words only and ignoring case ("class" holds no entry
 * even though the list has "ass"); an entry of several words counts when they appear in a row.
 */
public final class HarmfulWords {
    /** Entries by their first word, each as its words. */
    private final Map<String, List<List<String>>> byFirstWord;

    private HarmfulWords(List<String> entries) {
        Map<String, List<List<String>>> index = new HashMap<>();
        for (String entry : entries) {
            List<String> words = Words.tokens(entry);
            if (!words.isEmpty()) {
                index.computeIfAbsent(words.getFirst(), k -> new ArrayList<>()).add(words);
            }
        }
        this.byFirstWord = index;
    }

    /** The list shipped in the jar. */
    public static HarmfulWords load() {
        return new HarmfulWords(WorldData.lines("harmful-words/en.txt"));
    }

    /** A list of one's own (tests, other languages). */
    public static HarmfulWords of(List<String> entries) {
        return new HarmfulWords(entries);
    }

    /** How many list entries occur in the text (each occurrence counts). */
    public int count(String text) {
        return count(Words.tokens(text));
    }

    int count(List<String> tokens) {
        int found = 0;
        for (int i = 0; i < tokens.size(); i++) {
            for (List<String> entry : byFirstWord.getOrDefault(tokens.get(i), List.of())) {
                if (i + entry.size() <= tokens.size() && tokens.subList(i, i + entry.size()).equals(entry)) {
                    found++;
                    break;
                }
            }
        }
        return found;
    }
}
