package org.rlhf4j.train.run;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler.LegendLayout;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.rlhf4j.tensor.io.AtomicFiles;

/**
 * Draws {@code metrics.jsonl} as a PNG: a grid of small charts, one per metric against the
 * step, a training metric and its validation counterpart ({@code eval/loss}, or the older
 * {@code val/loss}, next to {@code loss}) on the same chart; a validation metric without a
 * training counterpart ({@code eval/rm_score}) gets a chart of its own.
 *
 * <p>Every axis gets an explicit range and its own tick-label format (see {@link #valueAxis}
 * and {@link #stepAxis}): left to itself XChart printed up to 17 digits per label.
 */
public final class MetricsChart {
    static final int WIDTH = 420;
    static final int HEIGHT = 300;
    static final int COLUMNS = 3;
    /** Prefixes of validation metrics, each drawn on the chart of the metric without it. */
    static final List<String> VALIDATION_PREFIXES = List.of("eval/", "val/");
    private static final Set<String> NOT_PLOTTED = Set.of("step", "epoch");
    /**
     * About this many tick steps per value axis (what XChart makes of the spacing hint below on a
     * chart this size); decides the digits a label needs.
     */
    private static final int TICKS = 4;
    /** A series with more points than this is drawn as a plain line, without markers. */
    private static final int MARKERS_UP_TO = 40;
    private static final Font TICK_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 11);

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private MetricsChart() {}

    /** Renders {@code metrics} into {@code png} (written atomically); does nothing without rows. */
    public static void render(Path metrics, Path png, String title) {
        Map<String, Map<String, List<double[]>>> charts = panels(MetricsLog.read(metrics));
        if (charts.isEmpty()) {
            return;
        }
        List<XYChart> drawn = new ArrayList<>();
        charts.forEach((name, series) -> drawn.add(chart(title + ": " + name, series)));
        BufferedImage grid = grid(drawn);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ImageIO.write(grid, "png", bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(png + ": cannot encode the chart: " + e.getMessage(), e);
        }
        AtomicFiles.write(png, o -> bytes.writeTo(o));
    }

    /**
     * The charts to draw, in the order their metrics first appear: chart name to series name to
     * its (step, value) points. A validation metric ({@code eval/x}, {@code val/x}) joins the
     * chart of {@code x} when the log has {@code x}, otherwise it gets its own chart under its
     * full name. Non-numeric values (NaN is logged as null) are skipped.
     */
    static Map<String, Map<String, List<double[]>>> panels(List<JsonNode> rows) {
        Set<String> training = new HashSet<>();
        for (JsonNode row : rows) {
            row.properties().forEach(e -> {
                if (!NOT_PLOTTED.contains(e.getKey()) && validationBase(e.getKey()) == null) {
                    training.add(e.getKey());
                }
            });
        }
        Map<String, Map<String, List<double[]>>> charts = new LinkedHashMap<>();
        for (JsonNode row : rows) {
            double step = row.path("step").asDouble();
            row.properties().forEach(e -> {
                String key = e.getKey();
                if (NOT_PLOTTED.contains(key) || !e.getValue().isNumber() || !Double.isFinite(e.getValue().asDouble())) {
                    return;
                }
                String base = validationBase(key);
                String chart = base != null && training.contains(base) ? base : key;
                charts.computeIfAbsent(chart, k -> new LinkedHashMap<>())
                        .computeIfAbsent(key, k -> new ArrayList<>()).add(new double[] {step, e.getValue().asDouble()});
            });
        }
        return charts;
    }

    /** {@code loss} for {@code eval/loss} or {@code val/loss}; null for a training metric. */
    static String validationBase(String key) {
        for (String prefix : VALIDATION_PREFIXES) {
            if (key.startsWith(prefix) && key.length() > prefix.length()) {
                return key.substring(prefix.length());
            }
        }
        return null;
    }

    /** Width and height of the PNG for {@code charts} charts. */
    static int[] gridSize(int charts) {
        int cols = Math.min(COLUMNS, charts);
        int rows = (charts + cols - 1) / cols;
        return new int[] {cols * WIDTH, rows * HEIGHT};
    }

    private static BufferedImage grid(List<XYChart> drawn) {
        int[] size = gridSize(drawn.size());
        int cols = Math.min(COLUMNS, drawn.size());
        BufferedImage grid = new BufferedImage(size[0], size[1], BufferedImage.TYPE_INT_RGB);
        Graphics2D g = grid.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, grid.getWidth(), grid.getHeight());
        for (int i = 0; i < drawn.size(); i++) {
            g.drawImage(BitmapEncoder.getBufferedImage(drawn.get(i)), (i % cols) * WIDTH, (i / cols) * HEIGHT, null);
        }
        g.dispose();
        return grid;
    }

    /** One chart of {@code series} (name to its (step, value) points) with readable axes. */
    static XYChart chart(String title, Map<String, List<double[]>> series) {
        double xMin = Double.POSITIVE_INFINITY, xMax = Double.NEGATIVE_INFINITY;
        double yMin = Double.POSITIVE_INFINITY, yMax = Double.NEGATIVE_INFINITY;
        for (List<double[]> points : series.values()) {
            for (double[] p : points) {
                xMin = Math.min(xMin, p[0]);
                xMax = Math.max(xMax, p[0]);
                yMin = Math.min(yMin, p[1]);
                yMax = Math.max(yMax, p[1]);
            }
        }
        AxisScale x = stepAxis(xMin, xMax);
        AxisScale y = valueAxis(yMin, yMax);

        XYChart c = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle("step").build();
        XYStyler s = c.getStyler();
        s.setAxisTickLabelsFont(TICK_FONT);
        s.setLegendFont(TICK_FONT);
        s.setLegendVisible(series.size() > 1);
        s.setLegendPosition(LegendPosition.OutsideS);
        s.setLegendLayout(LegendLayout.Horizontal);
        s.setMarkerSize(5);
        s.setXAxisMin(x.min());
        s.setXAxisMax(x.max());
        s.setYAxisMin(y.min());
        s.setYAxisMax(y.max());
        // Pixels wanted between ticks: about 4-5 ticks across and up.
        s.setXAxisTickMarkSpacingHint(80);
        s.setYAxisTickMarkSpacingHint(50);
        s.setxAxisTickLabelsFormattingFunction(x::label);
        s.setyAxisTickLabelsFormattingFunction(y::label);

        series.forEach((key, points) -> {
            XYSeries xy = c.addSeries(key, points.stream().mapToDouble(p -> p[0]).toArray(), points.stream().mapToDouble(p -> p[1]).toArray());
            xy.setMarker(points.size() > MARKERS_UP_TO ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
        });
        // XChart 3.8.8 calls an axis "equally spaced" when its values (axis min first, then every
        // value in series order, then axis max) all step by the same amount give or take 1e-4, and
        // then puts a tick on every value instead of on round numbers: steps 1..200 got the ticks
        // 1, 21, 41, ... run together, and an lr series (all its steps far below 1e-4) a tick per
        // value with 15 digits. A hidden, disabled point far outside both ranges breaks that
        // pattern; disabled series are neither drawn, nor in the legend, nor in the axis ranges.
        XYSeries hidden = c.addSeries(" ", new double[] {far(x)}, new double[] {far(y)});
        hidden.setEnabled(false);
        hidden.setShowInLegend(false);
        return c;
    }

    private static double far(AxisScale axis) {
        return axis.max() + 10 * (axis.max() - axis.min()) + 1;
    }

    /**
     * The value axis for data in [{@code min}, {@code max}]: padded by 5% each side (not below
     * zero for data that never is), or, for a single value or a constant series, to 10% of the
     * value each side (to [-1, 1] around zero) so that XChart gets a range to put round ticks in.
     */
    static AxisScale valueAxis(double min, double max) {
        double magnitude = Math.max(Math.abs(min), Math.abs(max));
        double span = max - min;
        double lo, hi;
        if (span <= 1e-4 * magnitude) {
            double half = magnitude > 0 ? 0.1 * magnitude : 1;
            double mid = (min + max) / 2;
            lo = mid - half;
            hi = mid + half;
        } else {
            lo = min - 0.05 * span;
            hi = max + 0.05 * span;
        }
        if (min >= 0 && lo < 0) {
            lo = 0;
        } else if (max <= 0 && hi > 0) {
            hi = 0;
        }
        return new AxisScale(lo, hi, valuePattern(lo, hi));
    }

    /** The step axis for steps in [{@code min}, {@code max}]: whole-number ticks, padded by 3% (at least 1 step). */
    static AxisScale stepAxis(double min, double max) {
        double pad = Math.max(1, 0.03 * (max - min));
        double lo = min >= 0 ? Math.max(0, min - pad) : min - pad;
        return new AxisScale(lo, max + pad, "0");
    }

    /**
     * The {@link DecimalFormat} pattern for the ticks of an axis over [{@code lo}, {@code hi}]:
     * as many digits as tell apart ticks about a quarter of the range apart, in scientific form
     * ({@code 6.0e-04}, 2-4 significant digits) for values below 0.001 or from a million up,
     * otherwise plain with grouping ({@code 12,500}, {@code 0.25}, {@code 2.05}).
     */
    static String valuePattern(double lo, double hi) {
        double magnitude = Math.max(Math.abs(lo), Math.abs(hi));
        int stepExponent = exponent(niceStep((hi - lo) / TICKS));
        if (magnitude > 0 && (magnitude < 1e-3 || magnitude >= 1e6)) {
            int digits = Math.clamp(exponent(magnitude) - stepExponent, 1, 3);
            return "0." + "0".repeat(digits) + "E00";
        }
        int decimals = Math.max(0, -stepExponent);
        return decimals == 0 ? "#,##0" : "#,##0." + "0".repeat(decimals);
    }

    /** 1, 2 or 5 times a power of ten, the nearest to {@code x} (as XChart rounds its tick steps). */
    static double niceStep(double x) {
        double unit = Math.pow(10, exponent(x));
        double f = x / unit;
        return unit * (f > 7.5 ? 10 : f > 3.5 ? 5 : f > 1.5 ? 2 : 1);
    }

    private static int exponent(double x) {
        return (int) Math.floor(Math.log10(x));
    }

    /** An axis range and the {@link DecimalFormat} pattern of its tick labels. */
    record AxisScale(double min, double max, String pattern) {
        /** The tick label of {@code value}: {@code "0"} for zero, {@code 6.0e-04} for scientific. */
        String label(double value) {
            if (Math.abs(value) <= 1e-9 * (max - min)) {
                return "0";
            }
            DecimalFormatSymbols symbols = DecimalFormatSymbols.getInstance(Locale.ROOT);
            symbols.setExponentSeparator("e");
            return new DecimalFormat(pattern, symbols).format(value);
        }
    }
}
