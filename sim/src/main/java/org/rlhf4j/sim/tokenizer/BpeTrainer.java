package org.rlhf4j.sim.tokenizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.IntConsumer;

/**
 * Byte-level BPE training, step for step as HF tokenizers' {@code BpeTrainer} does it, so that
 * the same words give the same merges:
 * <ol>
 *   <li>ids: the special tokens first, in order, then the 256 byte characters in code-point order;
 *   <li>every word is split into byte characters and every adjacent pair counted, remembering the
 *       words it occurs in;
 *   <li>a max-heap of pairs by count, ties to the smaller (left id, right id), yields the next merge.
 *       Counts in the heap go stale as merges change the words: a popped pair whose count is out of
 *       date goes back in with the current count, so only the merged words are ever re-examined
 *       (never a recount of the corpus);
 *   <li>merging rewrites only the words the popped entry lists, and the pairs it creates and
 *       destroys adjust the counts; the pairs it creates enter the heap with the words they are in.
 * </ol>
 * Training stops when the vocabulary is full, the heap is empty, or the best pair occurs fewer
 * than {@code minFrequency} times.
 */
public final class BpeTrainer {
    /** Training settings. {@code vocabSize} counts the special tokens and the 256 bytes. */
    public record Config(int vocabSize, int minFrequency, List<String> specialTokens) {
        public Config {
            specialTokens = List.copyOf(specialTokens);
            if (vocabSize < 256 + specialTokens.size()) {
                throw new IllegalArgumentException("vocabulary size " + vocabSize + " is too small: it must hold the 256 byte tokens"
                        + " and the " + specialTokens.size() + " special token(s), at least " + (256 + specialTokens.size()));
            }
            if (minFrequency < 0) {
                throw new IllegalArgumentException("minimum frequency must be >= 0, got " + minFrequency);
            }
            if (specialTokens.stream().anyMatch(String::isEmpty)) {
                throw new IllegalArgumentException("a special token cannot be empty");
            }
            if (specialTokens.stream().distinct().count() != specialTokens.size()) {
                throw new IllegalArgumentException("special tokens repeat: " + specialTokens);
            }
        }
    }

    /** A heap entry: a pair, its count when pushed, the words it was then in (ascending), and push order. */
    private record Candidate(long pair, long count, int[] words, long pushed) {}

    /** Most frequent first; equal counts: smaller pair first (HF compares (left, right) ids); then first pushed. */
    private static final Comparator<Candidate> BEST_FIRST = Comparator.comparingLong(Candidate::count).reversed()
            .thenComparingLong(Candidate::pair)
            .thenComparingLong(Candidate::pushed);

    private final Config config;
    private final List<String> tokens = new ArrayList<>();
    private final Map<String, Integer> ids = new HashMap<>();
    private int[][] symbols;
    private int[] lengths;
    private long[] wordCounts;
    private final Map<Long, Long> pairCounts = new HashMap<>();
    /** Pairs that gained words since they were last pushed, with those words. */
    private final Map<Long, WordList> whereToUpdate = new HashMap<>();
    private final PriorityQueue<Candidate> queue = new PriorityQueue<>(BEST_FIRST);
    private long pushes;

    private BpeTrainer(Config config) {
        this.config = config;
    }

    /**
     * Learns merges from counted words until the vocabulary holds {@code vocabSize} tokens (a
     * merge that spells a token already there adds none). {@code mergeDone} (may be null) hears
     * the number of merges so far after each one.
     */
    public static BpeModel train(WordCounts words, Config config, IntConsumer mergeDone) {
        return new BpeTrainer(config).run(words, mergeDone == null ? n -> {} : mergeDone);
    }

    private BpeModel run(WordCounts counted, IntConsumer mergeDone) {
        config.specialTokens().forEach(this::addToken);
        for (char c : ByteLevelAlphabet.sortedCharacters()) {
            addToken(String.valueOf(c));
        }
        splitIntoBytes(counted);
        countPairs();
        pushUpdatedPairs();

        List<long[]> merges = new ArrayList<>(); // {pair, new id}
        while (ids.size() < config.vocabSize() && !queue.isEmpty()) {
            Candidate top = queue.poll();
            long current = pairCounts.get(top.pair());
            if (top.count() != current) {
                queue.add(new Candidate(top.pair(), current, top.words(), pushes++));
                continue;
            }
            if (top.count() < 1 || top.count() < config.minFrequency()) {
                break;
            }
            int left = left(top.pair());
            int right = right(top.pair());
            int merged = addToken(tokens.get(left) + tokens.get(right));
            merges.add(new long[] {top.pair(), merged});
            for (int w : top.words()) {
                mergeInWord(w, left, right, merged);
            }
            pushUpdatedPairs();
            mergeDone.accept(merges.size());
        }
        return BpeModel.of(tokens, config.specialTokens().size(), mergesAsHfWritesThem(merges));
    }

    /** The id of a token, added at the end of the vocabulary if new (two pairs can spell the same token). */
    private int addToken(String token) {
        Integer id = ids.get(token);
        if (id != null) {
            return id;
        }
        tokens.add(token);
        ids.put(token, tokens.size() - 1);
        return tokens.size() - 1;
    }

    private void splitIntoBytes(WordCounts counted) {
        symbols = new int[counted.distinct()][];
        lengths = new int[counted.distinct()];
        wordCounts = counted.counts().clone();
        for (int w = 0; w < symbols.length; w++) {
            String word = counted.words()[w];
            symbols[w] = new int[word.length()];
            for (int i = 0; i < word.length(); i++) {
                symbols[w][i] = ids.get(String.valueOf(word.charAt(i)));
            }
            lengths[w] = word.length();
        }
    }

    private void countPairs() {
        for (int w = 0; w < symbols.length; w++) {
            for (int i = 0; i + 1 < lengths[w]; i++) {
                long pair = pair(symbols[w][i], symbols[w][i + 1]);
                pairCounts.merge(pair, wordCounts[w], Long::sum);
                whereToUpdate.computeIfAbsent(pair, p -> new WordList()).add(w);
            }
        }
    }

    /** Pushes the pairs that gained words, with those words, in pair order (the order does not change the result). */
    private void pushUpdatedPairs() {
        long[] pairs = whereToUpdate.keySet().stream().mapToLong(Long::longValue).sorted().toArray();
        for (long pair : pairs) {
            long count = pairCounts.get(pair);
            if (count > 0) {
                queue.add(new Candidate(pair, count, whereToUpdate.get(pair).toArray(), pushes++));
            }
        }
        whereToUpdate.clear();
    }

    /**
     * Replaces each (left, right) in word {@code w}, scanning left to right without overlaps,
     * and adjusts the counts of the neighbouring pairs. As in HF, the merged pair's own count is
     * left as it was: the pair is done, and its stale heap entries are recognised by their words.
     */
    private void mergeInWord(int w, int left, int right, int merged) {
        int[] s = symbols[w];
        int n = lengths[w];
        for (int i = 0; i < n; i++) {
            if (s[i] != left || i + 1 >= n || s[i + 1] != right) {
                continue;
            }
            if (i > 0) {
                change(s[i - 1], left, -1, w);
                change(s[i - 1], merged, +1, w);
            }
            s[i] = merged;
            System.arraycopy(s, i + 2, s, i + 1, n - i - 2);
            n--;
            if (i < n - 1) {
                change(right, s[i + 1], -1, w);
                change(merged, s[i + 1], +1, w);
            }
        }
        lengths[w] = n;
    }

    private void change(int a, int b, int delta, int word) {
        long pair = pair(a, b);
        pairCounts.merge(pair, delta * wordCounts[word], Long::sum);
        if (delta > 0) {
            whereToUpdate.computeIfAbsent(pair, p -> new WordList()).add(word);
        }
    }

    /**
     * The merges in rank order as HF saves them: its model keeps merges in a map by pair, so a pair
     * merged twice (rare: a stale heap entry listing other words) keeps only its last rank.
     */
    private List<BpeModel.Merge> mergesAsHfWritesThem(List<long[]> merges) {
        Map<Long, Integer> lastRank = new HashMap<>();
        for (int r = 0; r < merges.size(); r++) {
            lastRank.put(merges.get(r)[0], r);
        }
        List<BpeModel.Merge> out = new ArrayList<>();
        for (int r = 0; r < merges.size(); r++) {
            long pair = merges.get(r)[0];
            if (lastRank.get(pair) == r) {
                out.add(new BpeModel.Merge(tokens.get(left(pair)), tokens.get(right(pair))));
            }
        }
        return out;
    }

    /** Ids are below 2^31, so comparing packed pairs as longs compares (left, right) lexicographically. */
    private static long pair(int left, int right) {
        return ((long) left << 32) | right;
    }

    private static int left(long pair) {
        return (int) (pair >>> 32);
    }

    private static int right(long pair) {
        return (int) pair;
    }

    /** Word indices in ascending order without repeats (they arrive in ascending order). */
    private static final class WordList {
        private int[] items = new int[2];
        private int size;

        void add(int word) {
            if (size > 0 && items[size - 1] == word) {
                return;
            }
            if (size == items.length) {
                items = Arrays.copyOf(items, size * 2);
            }
            items[size++] = word;
        }

        int[] toArray() {
            return Arrays.copyOf(items, size);
        }
    }
}
