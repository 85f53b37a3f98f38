package org.rlhf4j.eval.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A line chart of one quantity against the training iteration, one line per run (PPO, PPO-ptx),
 * for the demo's reward and KL curves.
 */
final class LineChart {
    /** One line: x and y of equal length, in x order. */
    record Series(String name, String color, double[] x, double[] y) { }

    static final int WIDTH = 470;
    static final int HEIGHT = 250;
    private static final int LEFT = 56;
    private static final int RIGHT = 16;
    private static final int TOP = 44;
    private static final int BOTTOM = 38;
    /** A line with more points than this is drawn without markers. */
    private static final int MARKERS_UP_TO = 40;

    private LineChart() {}

    static String svg(String title, List<Series> series) {
        double xMin = Double.POSITIVE_INFINITY, xMax = Double.NEGATIVE_INFINITY;
        double yMin = Double.POSITIVE_INFINITY, yMax = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (int i = 0; i < s.x().length; i++) {
                xMin = Math.min(xMin, s.x()[i]);
                xMax = Math.max(xMax, s.x()[i]);
                yMin = Math.min(yMin, s.y()[i]);
                yMax = Math.max(yMax, s.y()[i]);
            }
        }
        // The x axis spans the iterations run, no further (a run of 64 should not end at 80);
        // the y axis opens to round values, so its top and bottom lines carry labels.
        double x0 = xMin, x1 = xMax > xMin ? xMax : xMin + 1;
        List<Double> xTicks = Ticks.covering(x0, x1, 6).stream().filter(t -> t >= x0 - 1e-9 && t <= x1 + 1e-9).toList();
        List<Double> yTicks = Ticks.covering(yMin, yMax, 4);
        double y0 = yTicks.getFirst(), y1 = yTicks.getLast();
        double plotWidth = WIDTH - LEFT - RIGHT;
        double plotHeight = HEIGHT - TOP - BOTTOM;
        Svg svg = new Svg(WIDTH, HEIGHT, title);
        svg.text(2, 16, "start", "panel-title", title);
        int yDecimals = Ticks.decimals(yTicks);
        for (double t : yTicks) {
            double y = TOP + plotHeight * (1 - (t - y0) / (y1 - y0));
            svg.line(LEFT, y, WIDTH - RIGHT, y, Svg.GRID, 1, false);
            svg.text(LEFT - 6, y + 4, "end", "tick", String.format(Locale.ROOT, "%." + yDecimals + "f", t));
        }
        int xDecimals = Ticks.decimals(xTicks);
        for (double t : xTicks) {
            double x = LEFT + plotWidth * (t - x0) / (x1 - x0);
            svg.line(x, TOP + plotHeight, x, TOP + plotHeight + 4, Svg.AXIS, 1, false);
            svg.text(x, TOP + plotHeight + 17, "middle", "tick", String.format(Locale.ROOT, "%." + xDecimals + "f", t));
        }
        svg.line(LEFT, TOP + plotHeight, WIDTH - RIGHT, TOP + plotHeight, Svg.AXIS, 1, false);
        svg.text(LEFT + plotWidth / 2, HEIGHT - 4, "middle", "tick", "iteration");
        List<WinRateChart.Key> legend = new ArrayList<>();
        for (Series s : series) {
            double[] xy = new double[2 * s.x().length];
            for (int i = 0; i < s.x().length; i++) {
                xy[2 * i] = LEFT + plotWidth * (s.x()[i] - x0) / (x1 - x0);
                xy[2 * i + 1] = TOP + plotHeight * (1 - (s.y()[i] - y0) / (y1 - y0));
            }
            svg.polyline(xy, s.color(), 2);
            if (s.x().length <= MARKERS_UP_TO) {
                for (int i = 0; i < xy.length; i += 2) {
                    svg.circle(xy[i], xy[i + 1], 2.6, s.color());
                }
            }
            legend.add(new WinRateChart.Key(s.name(), s.color()));
        }
        WinRateChart.drawLegend(svg, legend, LEFT, 34);
        return svg.end();
    }
}
