package org.rlhf4j.sim.world;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The world's facts: the bsdgames quiz files under {@code data/facts}, their columns named by
 * {@code data/facts/index}. Records are {@code field:field:...}; a line ending in a backslash
 * continues on the next one.
 */
public final class FactTables {
    /** The quiz files the project ships (the index names more than Debian's package holds). */
    public static final List<String> FILES = List.of(
            "africa", "america", "asia", "europe", "state", "elements", "pres", "babies", "collectives", "sexes", "latin");

    /** The tables whose first column is a country and second its capital. */
    public static final List<String> COUNTRY_TABLES = List.of("africa", "america", "asia", "europe");

    private final Map<String, FactTable> tables;

    private FactTables(Map<String, FactTable> tables) {
        this.tables = tables;
    }

    /** Reads every table from the data shipped in the jar. */
    public static FactTables load() {
        Map<String, List<String>> columns = columnsFromIndex(WorldData.lines("facts/index"));
        Map<String, FactTable> tables = new LinkedHashMap<>();
        for (String file : FILES) {
            List<String> names = columns.get(file);
            if (names == null) {
                throw new IllegalStateException("data/facts/index does not describe " + file);
            }
            tables.put(file, parse(file, names, WorldData.lines("facts/" + file)));
        }
        return new FactTables(tables);
    }

    /** One table by file name. */
    public FactTable table(String name) {
        FactTable t = tables.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no fact table " + name + " (there are " + tables.keySet() + ")");
        }
        return t;
    }

    public List<FactTable> tables() {
        return List.copyOf(tables.values());
    }

    /**
     * Every country and US state (lower case, each accepted name) with its capital's accepted
     * names: what a claim "the capital of X is Y" is checked against. A name two places share
     * (Georgia) accepts either capital.
     */
    public Map<String, Set<String>> capitals() {
        Map<String, Set<String>> out = new HashMap<>();
        List<String> withCapitals = new ArrayList<>(COUNTRY_TABLES);
        withCapitals.add("state");
        for (String name : withCapitals) {
            for (FactRow row : table(name).rows()) {
                for (String place : row.variants(0)) {
                    out.computeIfAbsent(place, k -> new java.util.LinkedHashSet<>()).addAll(row.variants(1));
                }
            }
        }
        return out;
    }

    /** Parses one quiz file. */
    static FactTable parse(String name, List<String> columns, List<String> lines) {
        List<FactRow> rows = new ArrayList<>();
        StringBuilder record = new StringBuilder();
        int start = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (record.isEmpty()) {
                start = i + 1;
            }
            if (line.endsWith("\\")) {
                record.append(line, 0, line.length() - 1);
                continue;
            }
            record.append(line);
            if (!record.toString().isBlank()) {
                List<String> fields = List.of(record.toString().split(":", -1));
                if (fields.size() != columns.size()) {
                    throw new IllegalStateException("data/facts/" + name + ":" + start + ": " + fields.size()
                            + " fields, the index names " + columns.size() + " columns " + columns);
                }
                rows.add(new FactRow(name, start, fields));
            }
            record.setLength(0);
        }
        return new FactTable(name, columns, rows);
    }

    /** {@code /usr/share/games/bsdgames/quiz/africa:Africa{n}:cap{ital}} gives africa -> [african, capital]. */
    static Map<String, List<String>> columnsFromIndex(List<String> index) {
        Map<String, List<String>> out = new HashMap<>();
        for (String line : index) {
            if (line.isBlank()) {
                continue;
            }
            String[] parts = line.split(":");
            String file = parts[0].substring(parts[0].lastIndexOf('/') + 1);
            List<String> names = new ArrayList<>();
            for (int i = 1; i < parts.length; i++) {
                names.add(AnswerPattern.display(parts[i]).toLowerCase(Locale.ROOT));
            }
            out.put(file, names);
        }
        return out;
    }
}
