package org.rlhf4j.eval.report;

import java.util.ArrayList;
import java.util.List;

/**
 * A plain-text table for the terminal: columns padded to their widest cell, the first column
 * left-aligned and the others (figures) right-aligned, a rule under the header.
 */
final class TextTable {
    private final List<String[]> rows = new ArrayList<>();

    TextTable(String... header) {
        rows.add(header);
    }

    TextTable row(String... cells) {
        if (cells.length != rows.getFirst().length) {
            throw new IllegalArgumentException("a row has " + cells.length + " cells, the header " + rows.getFirst().length);
        }
        rows.add(cells);
        return this;
    }

    String render() {
        int columns = rows.getFirst().length;
        int[] width = new int[columns];
        for (String[] r : rows) {
            for (int c = 0; c < columns; c++) {
                width[c] = Math.max(width[c], r[c].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < rows.size(); i++) {
            String[] r = rows.get(i);
            for (int c = 0; c < columns; c++) {
                String pad = " ".repeat(width[c] - r[c].length());
                out.append(c == 0 ? "" : "  ").append(c == 0 ? r[c] + pad : pad + r[c]);
            }
            out.append('\n');
            if (i == 0) {
                int total = 0;
                for (int w : width) {
                    total += w;
                }
                out.append("-".repeat(total + 2 * (columns - 1))).append('\n');
            }
        }
        return out.toString();
    }
}
