package org.rlhf4j.sim.world;

import java.util.List;

/**
 * One bsdgames quiz file: its columns (as {@code data/facts/index} names them) and records.
 *
 * @param name    the file name ({@code africa}, {@code elements}...)
 * @param columns column names, lower case ({@code african}, {@code capital}; {@code symbol}, {@code number}...)
 * @param rows    the records, in file order
 */
public record FactTable(String name, List<String> columns, List<FactRow> rows) {
    public FactTable {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
    }

    /** The index of a column by name. */
    public int column(String column) {
        int i = columns.indexOf(column);
        if (i < 0) {
            throw new IllegalArgumentException("fact table " + name + " has no column " + column + " (it has " + columns + ")");
        }
        return i;
    }
}
