package org.rlhf4j.sim.prompts;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.rlhf4j.sim.text.Words;
import org.rlhf4j.sim.world.CorpusSentence;
import org.rlhf4j.sim.world.FactRow;
import org.rlhf4j.sim.world.FactTables;

/**
 * A sentence that names exactly one country or US state, as the fact tables write it: what an
 * extraction prompt asks for. Only full names count, capitalized in the text: abbreviations such as
 * "Miss" (Mississippi) or "US" would match ordinary words.
 *
 * @param sentence the sentence
 * @param name     the place as the sentence writes it ("Mexico")
 * @param answers  every accepted name of the place, lower case
 */
record PlaceMention(CorpusSentence sentence, String name, Set<String> answers) {

    static List<PlaceMention> find(List<CorpusSentence> sentences, FactTables facts) {
        Map<String, Set<String>> answersByName = new HashMap<>();
        List<String> tables = new ArrayList<>(FactTables.COUNTRY_TABLES);
        tables.add("state");
        for (String table : tables) {
            for (FactRow row : facts.table(table).rows()) {
                answersByName.computeIfAbsent(row.display(0), k -> new LinkedHashSet<>()).addAll(row.variants(0));
            }
        }
        // first word, lower case -> the names starting with it, as word arrays
        Map<String, List<String[]>> byFirstWord = new HashMap<>();
        for (String name : answersByName.keySet()) {
            String[] words = name.split(" ");
            byFirstWord.computeIfAbsent(words[0].toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(words);
        }
        List<PlaceMention> out = new ArrayList<>();
        for (CorpusSentence s : sentences) {
            String[] words = s.text().split("[^A-Za-z']+");
            Set<String> found = new LinkedHashSet<>();
            for (int i = 0; i < words.length; i++) {
                if (words[i].isEmpty() || !Character.isUpperCase(words[i].charAt(0))) {
                    continue;
                }
                for (String[] name : byFirstWord.getOrDefault(words[i].toLowerCase(Locale.ROOT), List.of())) {
                    if (matches(words, i, name)) {
                        found.add(String.join(" ", name));
                    }
                }
            }
            // "Nation-Finland-has" is one word to the checks: the name must stand as words of its own
            if (found.size() == 1 && Words.indexOf(Words.tokens(s.text()), Words.tokens(found.iterator().next())) >= 0) {
                String name = found.iterator().next();
                out.add(new PlaceMention(s, name, answersByName.get(name)));
            }
        }
        return out;
    }

    private static boolean matches(String[] words, int at, String[] name) {
        if (at + name.length > words.length) {
            return false;
        }
        for (int j = 0; j < name.length; j++) {
            if (!words[at + j].equals(name[j])) {
                return false;
            }
        }
        return true;
    }
}
