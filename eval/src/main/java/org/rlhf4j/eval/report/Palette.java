package org.rlhf4j.eval.report;

/**
 * Colours of the models across every chart of a report (a model keeps its colour from chart to
 * chart). Tableau's ten, chosen to stay distinguishable for the common colour-vision deficiencies.
 */
final class Palette {
    private static final String[] COLORS = {
        "#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#b07aa1",
        "#76b7b2", "#edc948", "#9c755f", "#ff9da7", "#bab0ac"};

    private Palette() {}

    static String color(int index) {
        return COLORS[Math.floorMod(index, COLORS.length)];
    }
}
