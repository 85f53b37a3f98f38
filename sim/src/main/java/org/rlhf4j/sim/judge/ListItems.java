package org.rlhf4j.sim.judge;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.rlhf4j.sim.text.Words;

/**
 * Reads a response as a list: one item a line, or items separated by commas, semicolons and a
 * final "and"/"or" ("oak, pine and maple"). Bullets and numbers before items are dropped.
 */
final class ListItems {
    /** Longest item, in words, for the response to read as a list rather than prose with commas. */
    static final int MAX_ITEM_WORDS = 5;

    private static final Pattern BULLET = Pattern.compile("^\\s*(?:[-*\u2022]|\\d+[.)])\\s*");
    private static final Pattern SEPARATOR = Pattern.compile("\\s*(?:[,;]\\s*(?:and\\s+|or\\s+)?|\\s+and\\s+|\\s+or\\s+)\\s*");

    private ListItems() {
    }

    /** The items, without end punctuation; a single item when the response is not a list. */
    static List<String> items(String response) {
        String text = response.strip();
        List<String> lines = text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        List<String> raw = new ArrayList<>();
        if (lines.size() > 1) {
            for (String line : lines) {
                raw.add(BULLET.matcher(line).replaceFirst(""));
            }
        } else {
            raw.addAll(List.of(SEPARATOR.split(text)));
        }
        List<String> out = new ArrayList<>();
        for (String item : raw) {
            String clean = item.replaceAll("[.!?]+$", "").strip();
            if (!clean.isEmpty()) {
                out.add(clean);
            }
        }
        return out;
    }

    /** True when the response is a list: two items or more, each a few words. */
    static boolean isList(List<String> items) {
        return items.size() >= 2 && items.stream().allMatch(i -> Words.count(i) <= MAX_ITEM_WORDS);
    }
}
