package org.rlhf4j.train.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class RankingTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static Ranking parse(String json, int k) throws Exception {
        return Ranking.parse(JSON.readTree(json), k);
    }

    private static List<String> pairs(Ranking r) {
        List<String> out = new ArrayList<>();
        for (int[] p : r.pairs()) {
            out.add(p[0] + ">" + p[1]);
        }
        return out;
    }

    @Test
    void pairwiseIsChosenOverRejected() {
        assertEquals(List.of("0>1"), pairs(Ranking.pairwise()));
        assertEquals(List.of("1>0"), pairs(Ranking.order(1, 0)));
    }

    @Test
    void threeWithoutTies() throws Exception {
        assertEquals(List.of("2>0", "2>1", "0>1"), pairs(parse("[2, 0, 1]", 3)));
    }

    @Test
    void threeWithATie() throws Exception {
        assertEquals(List.of("1>0", "1>2"), pairs(parse("[[1], [2, 0]]", 3)));
        assertEquals(List.of("0>2", "1>2"), pairs(parse("[[0, 1], 2]", 3)));
    }

    @Test
    void fourWithTiesInTheMiddle() throws Exception {
        Ranking r = parse("[[2], [0, 3], [1]]", 4);
        assertEquals(List.of("2>0", "2>3", "2>1", "0>1", "3>1"), pairs(r));
        assertEquals("[[2], [0, 3], [1]]", r.toString());
        assertEquals(r, parse("[2, [3, 0], 1]", 4)); // mixed forms, tie order irrelevant
        assertEquals(3, r.groupCount());
        assertEquals(4, r.k());
    }

    @Test
    void fourWithoutTiesGivesSixPairs() throws Exception {
        assertEquals(List.of("3>1", "3>0", "3>2", "1>0", "1>2", "0>2"), pairs(parse("[3, 1, 0, 2]", 4)));
    }

    @Test
    void fourInTwoTiedPairs() throws Exception {
        assertEquals(List.of("1>0", "1>2", "3>0", "3>2"), pairs(parse("[[3, 1], [2, 0]]", 4)));
    }

    private static void assertBad(String json, int k, String message) {
        RecordProblem p = assertThrows(RecordProblem.class, () -> parse(json, k));
        assertEquals(message, p.getMessage());
    }

    @Test
    void notAPartition() {
        assertBad("[0, 1, 4]", 3, "field \"ranking\": index 4 is out of range for 3 responses");
        assertBad("[0, -1, 2]", 3, "field \"ranking\": index -1 is out of range for 3 responses");
        assertBad("[0, [1, 0], 2]", 3, "field \"ranking\": index 0 appears more than once");
        assertBad("[0, 2]", 3, "field \"ranking\": index 1 is missing");
        assertBad("[[0, 1, 2]]", 3, "field \"ranking\": all responses are tied, so there is no pair to learn from");
        assertBad("[[0], [], [1]]", 2, "field \"ranking\": group 1 is empty");
        assertBad("[]", 2, "field \"ranking\": index 0 is missing");
    }

    @Test
    void wrongTypes() {
        assertBad("\"0,1\"", 2, "field \"ranking\" must be an array, got string");
        assertBad("[0, \"1\"]", 2, "field \"ranking\": element 1 must be a response index or an array of them, got string");
        assertBad("[0, 1.5]", 2, "field \"ranking\": element 1 must be a response index or an array of them, got 1.5");
        assertBad("[[0, [1]]]", 2, "field \"ranking\": element 0 must be a response index or an array of them, got array");
    }

    @Test
    void publicFactoryThrowsIllegalArgument() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Ranking.order(0));
        assertEquals("needs at least 2 responses, got 1", e.getMessage());
    }
}
