package org.rlhf4j.train.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A labeler's ranking of K responses, best first, with ties: groups of response indices, e.g.
 * {@code [[2], [0, 3], [1]]} (2 best, 0 and 3 tied, 1 worst). It must be a partition of
 * {@code 0..K-1} and put at least two responses apart, since InstructGPT's reward model
 * learns only from pairs a labeler told apart; tied responses give no pair.
 *
 * <p>Within a group indices are kept in ascending order: a tie has no order, and a fixed one
 * makes {@link #pairs()} the same however the file listed the tie.
 */
public final class Ranking {

    private final int[][] groups;
    private final int k;

    private Ranking(int[][] groups, int k) {
        this.groups = groups;
        this.k = k;
    }

    /**
     * A ranking of {@code k} responses from its groups, best first.
     *
     * @throws IllegalArgumentException unless the groups partition {@code 0..k-1}, {@code k >= 2}
     *                                  and there are at least two groups
     */
    public static Ranking of(int k, int[]... groups) {
        if (k < 2) {
            throw new RecordProblem("needs at least 2 responses, got " + k);
        }
        boolean[] seen = new boolean[k];
        int[][] copy = new int[groups.length][];
        for (int g = 0; g < groups.length; g++) {
            if (groups[g].length == 0) {
                throw new RecordProblem("group " + g + " is empty");
            }
            copy[g] = groups[g].clone();
            Arrays.sort(copy[g]);
            for (int index : copy[g]) {
                if (index < 0 || index >= k) {
                    throw new RecordProblem("index " + index + " is out of range for " + k + " responses");
                }
                if (seen[index]) {
                    throw new RecordProblem("index " + index + " appears more than once");
                }
                seen[index] = true;
            }
        }
        for (int i = 0; i < k; i++) {
            if (!seen[i]) {
                throw new RecordProblem("index " + i + " is missing");
            }
        }
        if (copy.length < 2) {
            throw new RecordProblem("all responses are tied, so there is no pair to learn from");
        }
        return new Ranking(copy, k);
    }

    /** A ranking without ties: response indices, best first. */
    public static Ranking order(int... bestFirst) {
        int[][] groups = new int[bestFirst.length][];
        for (int i = 0; i < bestFirst.length; i++) {
            groups[i] = new int[] {bestFirst[i]};
        }
        return of(bestFirst.length, groups);
    }

    /** chosen (0) over rejected (1): the pairwise case. */
    public static Ranking pairwise() {
        return order(0, 1);
    }

    /**
     * The {@code "ranking"} field of a record: an array whose elements are indices (a group of
     * one) or arrays of indices (a tie), e.g. {@code [2, [0, 3], 1]}.
     */
    static Ranking parse(JsonNode node, int k) {
        if (!node.isArray()) {
            throw new RecordProblem("field \"ranking\" must be an array, got " + JsonFields.typeName(node));
        }
        int[][] groups = new int[node.size()][];
        for (int g = 0; g < node.size(); g++) {
            JsonNode element = node.get(g);
            if (element.isArray()) {
                groups[g] = new int[element.size()];
                for (int j = 0; j < element.size(); j++) {
                    groups[g][j] = index(element.get(j), g);
                }
            } else {
                groups[g] = new int[] {index(element, g)};
            }
        }
        try {
            return of(k, groups);
        } catch (RecordProblem p) {
            throw new RecordProblem("field \"ranking\": " + p.getMessage());
        }
    }

    private static int index(JsonNode node, int element) {
        if (node.isIntegralNumber() && node.canConvertToInt()) {
            return node.intValue();
        }
        throw new RecordProblem("field \"ranking\": element " + element
                + " must be a response index or an array of them, got " + describe(node));
    }

    private static String describe(JsonNode node) {
        return node.isNumber() ? node.asText() : JsonFields.typeName(node);
    }

    /** Number of responses ranked. */
    public int k() {
        return k;
    }

    /** Number of groups (distinct places); K when there are no ties. */
    public int groupCount() {
        return groups.length;
    }

    /** The indices of group {@code g} (0 = best), ascending. */
    public int[] group(int g) {
        return groups[g].clone();
    }

    /**
     * Every (winner, loser) pair of responses in different groups: for each group in order, for
     * each of its indices, against every index of each later group. K responses without ties
     * give K(K-1)/2 pairs; ties give fewer.
     */
    public List<int[]> pairs() {
        List<int[]> pairs = new ArrayList<>();
        for (int g = 0; g < groups.length; g++) {
            for (int winner : groups[g]) {
                for (int h = g + 1; h < groups.length; h++) {
                    for (int loser : groups[h]) {
                        pairs.add(new int[] {winner, loser});
                    }
                }
            }
        }
        return pairs;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Ranking r && r.k == k && Arrays.deepEquals(r.groups, groups);
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(groups);
    }

    /** As JSON: {@code [[2], [0, 3], [1]]}. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("[");
        for (int g = 0; g < groups.length; g++) {
            s.append(g == 0 ? "" : ", ").append(Arrays.toString(groups[g]));
        }
        return s.append(']').toString();
    }
}
