package org.rlhf4j.eval.report;

import java.util.List;
import java.util.Locale;
import org.rlhf4j.eval.stats.Interval;

/**
 * One small bar chart of shares (one bar per model, with its 95% interval), as the panels of
 * the paper's Figure 4. Panels are laid side by side by the page; each has its own y scale
 * (hallucinations at 40% and constraint violations at 3% would flatten one another), and its
 * models are told apart by colour, with one legend for all panels.
 */
final class BarPanel {
    /** One bar; {@code ci} may be null. */
    record Bar(String model, double share, Interval ci, String color) { }

    static final int WIDTH = 250;
    static final int HEIGHT = 200;
    private static final int LEFT = 42;
    private static final int RIGHT = 8;
    private static final int TOP = 40;
    private static final int BOTTOM = 10;

    private BarPanel() {}

    static String svg(String title, List<Bar> bars) {
        double top = 0;
        for (Bar b : bars) {
            top = Math.max(top, b.ci() == null ? b.share() : b.ci().hi());
        }
        List<Double> ticks = Ticks.covering(0, Math.max(top, 0.05), 4);
        double max = ticks.getLast();
        int decimals = Math.max(0, Ticks.decimals(ticks) - 2); // ticks are shares, labels percent
        double plotHeight = HEIGHT - TOP - BOTTOM;
        double plotWidth = WIDTH - LEFT - RIGHT;
        Svg svg = new Svg(WIDTH, HEIGHT, title);
        svg.text(2, 16, "start", "panel-title", title);
        for (double t : ticks) {
            double y = TOP + plotHeight * (1 - t / max);
            svg.line(LEFT, y, WIDTH - RIGHT, y, Svg.GRID, 1, false);
            svg.text(LEFT - 6, y + 4, "end", "tick", String.format(Locale.ROOT, "%." + decimals + "f%%", 100 * t));
        }
        double band = plotWidth / Math.max(1, bars.size());
        double barWidth = Math.min(44, band * 0.62);
        for (int i = 0; i < bars.size(); i++) {
            Bar b = bars.get(i);
            double centre = LEFT + band * (i + 0.5);
            double yValue = TOP + plotHeight * (1 - b.share() / max);
            svg.rect(centre - barWidth / 2, yValue, barWidth, TOP + plotHeight - yValue, b.color());
            double labelY = yValue;
            if (b.ci() != null) {
                double yHi = TOP + plotHeight * (1 - b.ci().hi() / max);
                svg.errorBar(centre, TOP + plotHeight * (1 - b.ci().lo() / max), yHi, 8, Svg.AXIS);
                labelY = yHi;
            }
            svg.text(centre, labelY - 5, "middle", "value", String.format(Locale.ROOT, "%.0f%%", 100 * b.share()));
        }
        svg.line(LEFT, TOP + plotHeight, WIDTH - RIGHT, TOP + plotHeight, Svg.AXIS, 1, false);
        return svg.end();
    }
}
