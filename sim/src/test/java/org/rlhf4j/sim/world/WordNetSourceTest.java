package org.rlhf4j.sim.world;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WordNetSourceTest {
    private static final WordNetSource WORDNET = WordNetSource.open();

    @Test
    void commonWordsHaveTheirDefinitionAndRelations() {
        WordEntry house = WORDNET.common("house", 1).orElseThrow();
        assertEquals(WordClass.NOUN, house.wordClass());
        assertTrue(house.definition().contains("dwelling"), house.definition());
        assertTrue(house.hypernyms().contains("building"), house.hypernyms().toString());

        WordEntry good = WORDNET.common("good", 1).orElseThrow();
        assertEquals(WordClass.ADJECTIVE, good.wordClass());
        assertTrue(good.antonyms().contains("bad"), good.antonyms().toString());
    }

    @Test
    void rareOrOddWordsAreNotCommon() {
        assertFalse(WORDNET.common("zzyzx", 1).isPresent());
        assertFalse(WORDNET.common("Paris", 1).isPresent());
        assertFalse(WORDNET.common("house", 1_000_000).isPresent());
    }
}
