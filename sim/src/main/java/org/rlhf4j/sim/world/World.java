package org.rlhf4j.sim.world;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.rlhf4j.sim.text.Words;

/**
 * Everything the simulated world knows, loaded once: the fact tables, the corpus, and a lexicon
 * of common words from WordNet that the corpus uses often (the demo's model learns its English
 * from that corpus, so it can only be asked about words it has seen).
 *
 * @param facts   the fact tables
 * @param corpus  the corpus
 * @param lexicon common words, most frequent in the corpus first
 * @param timings how long each part took to load, in milliseconds ({@code facts}, {@code corpus},
 *                {@code wordnet_open}, {@code lexicon})
 */
public record World(FactTables facts, Corpus corpus, List<WordEntry> lexicon, Map<String, Long> timings) {
    /** A word must occur this often in the corpus to be asked about. */
    public static final int MIN_CORPUS_COUNT = 25;
    /** ...and its sense must be tagged this often in WordNet's corpus. */
    public static final int MIN_USE_COUNT = 5;
    /** Most words looked up in WordNet: enough for thousands of distinct prompts, quick to load. */
    public static final int MAX_CANDIDATES = 6000;

    public World {
        lexicon = List.copyOf(lexicon);
        timings = Map.copyOf(timings);
    }

    private static volatile World standard;

    /** The world built from the data shipped in the jar, loaded on first use and shared. */
    public static World standard() {
        World w = standard;
        if (w == null) {
            synchronized (World.class) {
                w = standard;
                if (w == null) {
                    w = load();
                    standard = w;
                }
            }
        }
        return w;
    }

    /** Loads everything afresh. */
    public static World load() {
        long t0 = System.nanoTime();
        FactTables facts = FactTables.load();
        long t1 = System.nanoTime();
        Corpus corpus = Corpus.load();
        long t2 = System.nanoTime();
        WordNetSource wordnet = WordNetSource.open();
        long t3 = System.nanoTime();
        List<WordEntry> lexicon = lexicon(corpus, wordnet);
        long t4 = System.nanoTime();
        return new World(facts, corpus, lexicon, Map.of("facts", (t1 - t0) / 1_000_000, "corpus", (t2 - t1) / 1_000_000,
                "wordnet_open", (t3 - t2) / 1_000_000, "lexicon", (t4 - t3) / 1_000_000));
    }

    /** The corpus's frequent words that WordNet knows as common words, most frequent first. */
    static List<WordEntry> lexicon(Corpus corpus, WordNetSource wordnet) {
        Set<String> candidates = corpus.sentences().stream()
                .flatMap(s -> Words.tokens(s.text()).stream())
                .filter(w -> !Words.isStopword(w) && corpus.count(w) >= MIN_CORPUS_COUNT)
                .collect(Collectors.toSet());
        List<String> byCount = new ArrayList<>(candidates);
        byCount.sort(Comparator.comparingInt((String w) -> -corpus.count(w)).thenComparing(w -> w));
        List<WordEntry> out = new ArrayList<>();
        for (String word : byCount.subList(0, Math.min(MAX_CANDIDATES, byCount.size()))) {
            wordnet.common(word, MIN_USE_COUNT).ifPresent(out::add);
        }
        return out;
    }
}
