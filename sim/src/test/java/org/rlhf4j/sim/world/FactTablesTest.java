package org.rlhf4j.sim.world;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FactTablesTest {
    private static final FactTables FACTS = FactTables.load();

    @Test
    void columnsComeFromTheIndex() {
        assertEquals(List.of("symbol", "number", "weight", "element"), FACTS.table("elements").columns());
        assertEquals(List.of("president", "term", "vice", "successor"), FACTS.table("pres").columns());
        assertEquals(List.of("european", "capital"), FACTS.table("europe").columns());
    }

    @Test
    void continuedLinesMakeOneRecord() {
        FactTable pres = FACTS.table("pres");
        FactRow jefferson = pres.rows().get(2);
        assertEquals("Thomas Jefferson", jefferson.display(0));
        assertEquals("James Madison", jefferson.display(3));
        assertTrue(jefferson.variants(2).containsAll(Set.of("burr", "aaron burr", "george clinton")));
        assertTrue(pres.rows().size() > 40, "presidents: " + pres.rows().size());
    }

    @Test
    void capitalsCoverCountriesAndStates() {
        var capitals = FACTS.capitals();
        assertEquals(Set.of("vienna", "wien"), capitals.get("austria"));
        assertTrue(capitals.get("alabama").contains("montgomery"));
        assertTrue(capitals.get("ala").contains("montgomery"));
    }

    @Test
    void aRecordWithTheWrongNumberOfFieldsNamesItsLine() {
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> FactTables.parse("europe", List.of("european", "capital"), List.of("Austria:Vienna", "France:Paris:Seine")));
        assertEquals("data/facts/europe:2: 3 fields, the index names 2 columns [european, capital]", e.getMessage());
    }
}
