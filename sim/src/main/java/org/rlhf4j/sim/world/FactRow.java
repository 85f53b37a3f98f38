package org.rlhf4j.sim.world;

import java.util.List;
import java.util.Set;

/**
 * One record of a fact table: its fields as answer patterns (see {@link AnswerPattern}).
 *
 * @param table  the table's file name ({@code europe}, {@code pres}...)
 * @param line   the line the record starts on, 1-based
 * @param fields the fields, in the table's column order; an empty field means "none given"
 */
public record FactRow(String table, int line, List<String> fields) {
    public FactRow {
        fields = List.copyOf(fields);
    }

    /** The accepted lower-case answers for one field. */
    public Set<String> variants(int column) {
        return AnswerPattern.variants(fields.get(column));
    }

    /** The field as a person writes it. */
    public String display(int column) {
        return AnswerPattern.display(fields.get(column));
    }

    /** What identifies the record across prompts and splits: its table and first field. */
    public String key() {
        return "fact:" + table + ":" + fields.getFirst();
    }
}
