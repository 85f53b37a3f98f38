package org.rlhf4j.sim.world;

import java.util.List;

/**
 * What WordNet says of a common word in its most frequent sense. Every list holds single
 * lower-case words only (multi-word lemmas such as "living room" are left out), most relevant first.
 *
 * @param lemma      the word
 * @param wordClass  the part of speech of the sense described
 * @param classes    every part of speech WordNet knows the word as (one entry: its class is unambiguous)
 * @param definition the sense's gloss without its examples ("a dwelling that serves as living quarters...")
 * @param examples   WordNet's example sentences for the sense that contain the word itself
 * @param synonyms   other words of the same sense (adjectives: also of similar senses)
 * @param antonyms   words of opposite meaning
 * @param hypernyms  what it is a kind of ("building" for house)
 * @param hyponyms   kinds of it ("cottage", "villa"...)
 * @param parts      its parts ("roof", "wall"...)
 * @param useCount   how often the sense was tagged in WordNet's sense-tagged corpus: how common it is
 */
public record WordEntry(String lemma, WordClass wordClass, List<WordClass> classes, String definition,
        List<String> examples, List<String> synonyms, List<String> antonyms, List<String> hypernyms,
        List<String> hyponyms, List<String> parts, int useCount) {
    public WordEntry {
        classes = List.copyOf(classes);
        examples = List.copyOf(examples);
        synonyms = List.copyOf(synonyms);
        antonyms = List.copyOf(antonyms);
        hypernyms = List.copyOf(hypernyms);
        hyponyms = List.copyOf(hyponyms);
        parts = List.copyOf(parts);
    }

    /** What identifies the word across prompts and splits. */
    public String key() {
        return "word:" + lemma;
    }
}
