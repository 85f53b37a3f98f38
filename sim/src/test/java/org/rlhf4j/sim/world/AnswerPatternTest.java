package org.rlhf4j.sim.world;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Set;
import org.junit.jupiter.api.Test;

class AnswerPatternTest {

    @Test
    void bracketsChooseInsideAWord() {
        assertEquals(Set.of("andorra la vella", "andorra la vieja"), AnswerPattern.variants("Andorra la V[ell|iej]a"));
    }

    @Test
    void bracesAreOptionalAndNest() {
        assertEquals(Set.of("washington", "g washington", "george washington"),
                AnswerPattern.variants("{G{eorge} }Washington"));
        assertEquals(Set.of("1789-97", "1789-1797"), AnswerPattern.variants("1789-{17}97"));
    }

    @Test
    void barsChooseAtTheTopAndInsideGroups() {
        assertEquals(Set.of("vienna", "wien"), AnswerPattern.variants("Vienna|Wien"));
        assertEquals(Set.of("harrison", "w harrison", "william harrison", "wm harrison"),
                AnswerPattern.variants("{W{illiam|m} }Harrison"));
        // {-| } is optional too: "forgetmenot" is accepted as well
        assertEquals(Set.of("forget-me-not", "forget-me not", "forget-menot", "forget me-not", "forget me not",
                "forget menot", "forgetme-not", "forgetme not", "forgetmenot"), AnswerPattern.variants("forget{-| }me{-| }not"));
    }

    @Test
    void displayIsTheFullFirstAlternativeWithoutAsides() {
        assertEquals("George Washington", AnswerPattern.display("{G{eorge} }Washington"));
        assertEquals("Andorra la Vella", AnswerPattern.display("Andorra la V[ell|iej]a"));
        assertEquals("Grover Cleveland", AnswerPattern.display("{G{rover} }Cleveland{ (1st term)}"));
        assertEquals("James Earl Carter", AnswerPattern.display("{J{ames} }{E{arl} }Carter{{,} J{unio}r}"));
        assertEquals("1789-1797", AnswerPattern.display("1789-{17}97"));
        assertEquals("Vienna", AnswerPattern.display("Vienna|Wien"));
    }

    @Test
    void unbalancedGroupsAreErrorsNamingThePattern() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AnswerPattern.variants("{G{eorge} Washington"));
        assertEquals("answer pattern \"{G{eorge} Washington\": missing '}' at the end", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> AnswerPattern.variants("Wash]ington"));
    }
}
