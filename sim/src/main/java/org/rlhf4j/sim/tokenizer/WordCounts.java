package org.rlhf4j.sim.tokenizer;

/**
 * The distinct pre-tokenized words of a corpus, spelled in the byte-level alphabet, with how
 * often each occurs; sorted by word so that training does not depend on hash order.
 *
 * @param total word occurrences in the corpus (the sum of {@code counts})
 */
public record WordCounts(String[] words, long[] counts, long total) {
    public int distinct() {
        return words.length;
    }
}
