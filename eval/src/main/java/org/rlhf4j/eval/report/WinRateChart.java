package org.rlhf4j.eval.report;

import java.util.List;
import java.util.Locale;
import org.rlhf4j.eval.stats.Interval;

/**
 * The paper's Figure 1 in miniature: each model's win rate against the baseline as a dot with
 * its 95% interval, on a 0-100% axis with a dashed line at 50% (as good as the baseline). Several
 * dots per model (one per judge group) sit side by side, told apart by colour and a legend.
 */
final class WinRateChart {
    /** One estimate to draw; {@code ci} may be null. */
    record Dot(double value, Interval ci, String color) { }

    /** A legend entry. */
    record Key(String label, String color) { }

    private static final int HEIGHT = 300;
    /** The chart is at least this wide, so a few models do not huddle on the left of the page. */
    private static final int MIN_WIDTH = 760;
    private static final int LEFT = 52;
    private static final int RIGHT = 16;
    private static final int TOP = 34;
    private static final int BOTTOM = 46;

    private WinRateChart() {}

    /**
     * @param models      x-axis labels
     * @param dots        for each model, its dots left to right (an entry may be null: nothing measured)
     * @param legend      legend entries; empty for none
     * @param label       what the chart shows, for screen readers
     */
    static String svg(List<String> models, List<List<Dot>> dots, List<Key> legend, String label) {
        int perModel = dots.stream().mapToInt(List::size).max().orElse(1);
        int band = Math.max(Math.max(110, 40 + 34 * perModel), (MIN_WIDTH - LEFT - RIGHT) / Math.max(1, models.size()));
        int width = LEFT + RIGHT + band * models.size();
        double plotHeight = HEIGHT - TOP - BOTTOM;
        Svg svg = new Svg(width, HEIGHT, label);
        for (int pct = 0; pct <= 100; pct += 25) {
            double y = TOP + plotHeight * (1 - pct / 100.0);
            svg.line(LEFT, y, width - RIGHT, y, Svg.GRID, 1, false);
            svg.text(LEFT - 8, y + 4, "end", "tick", pct + "%");
        }
        double half = TOP + plotHeight / 2;
        svg.line(LEFT, half, width - RIGHT, half, Svg.AXIS, 1.2, true);
        svg.line(LEFT, TOP + plotHeight, width - RIGHT, TOP + plotHeight, Svg.AXIS, 1, false);
        for (int m = 0; m < models.size(); m++) {
            double centre = LEFT + band * (m + 0.5);
            svg.text(centre, HEIGHT - BOTTOM + 20, "middle", "label", models.get(m));
            List<Dot> row = dots.get(m);
            double spacing = Math.min(34, (band - 20.0) / Math.max(1, row.size()));
            for (int d = 0; d < row.size(); d++) {
                Dot dot = row.get(d);
                if (dot == null) {
                    continue;
                }
                double x = centre + (d - (row.size() - 1) / 2.0) * spacing;
                if (dot.ci() != null) {
                    svg.errorBar(x, y(dot.ci().lo(), plotHeight), y(dot.ci().hi(), plotHeight), 10, dot.color());
                }
                svg.circle(x, y(dot.value(), plotHeight), 5.5, dot.color());
                if (row.size() == 1) {
                    svg.text(x + 10, y(dot.value(), plotHeight) + 4, "start", "value",
                            String.format(Locale.ROOT, "%.0f%%", 100 * dot.value()));
                }
            }
        }
        drawLegend(svg, legend, LEFT, 16);
        return svg.end();
    }

    private static double y(double share, double plotHeight) {
        return TOP + plotHeight * (1 - share);
    }

    /** A horizontal legend: a swatch and a label per entry, from {@code (x, y)}. */
    static void drawLegend(Svg svg, List<Key> legend, double x, double y) {
        for (Key key : legend) {
            svg.rect(x, y - 9, 12, 12, key.color());
            svg.text(x + 17, y + 1, "start", "legend", key.label());
            x += 30 + 6.5 * key.label().length();
        }
    }
}
