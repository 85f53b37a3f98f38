package org.rlhf4j.train.data;

import java.nio.file.Path;

/** Tokenized comparisons for tests: K responses of 3 to 6 tokens after a shared one-token prompt. */
public final class TestComparisons {
    private TestComparisons() {}

    public static TokenizedComparison of(int k, Ranking ranking, int seed) {
        int[][] seqs = new int[k][];
        for (int i = 0; i < k; i++) {
            seqs[i] = new int[3 + (i + seed) % 4];
            for (int j = 0; j < seqs[i].length; j++) {
                seqs[i][j] = (7 * i + 3 * j + seed) % 50;
            }
            seqs[i][0] = 1;
        }
        return new TokenizedComparison(seqs, 1, ranking.pairs(), new Source(Path.of("cmp.jsonl"), seed));
    }
}
