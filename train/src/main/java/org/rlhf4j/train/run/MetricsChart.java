package org.rlhf4j.train.run;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.rlhf4j.tensor.io.AtomicFiles;

/**
 * Draws {@code metrics.jsonl} as a PNG: one small chart per metric against the step, a
 * training metric and its {@code val/} counterpart (e.g. {@code loss} and {@code val/loss})
 * on the same chart.
 */
public final class MetricsChart {
    private static final Set<String> NOT_PLOTTED = Set.of("step", "epoch");

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private MetricsChart() {}

    /** Renders {@code metrics} into {@code png} (written atomically); does nothing without rows. */
    public static void render(Path metrics, Path png, String title) {
        List<JsonNode> rows = MetricsLog.read(metrics);
        Map<String, Map<String, List<double[]>>> charts = new LinkedHashMap<>();
        for (JsonNode row : rows) {
            double step = row.path("step").asDouble();
            row.properties().forEach(e -> {
                if (NOT_PLOTTED.contains(e.getKey()) || !e.getValue().isNumber()) {
                    return;
                }
                String key = e.getKey();
                String chart = key.startsWith("val/") ? key.substring(4) : key;
                charts.computeIfAbsent(chart, k -> new LinkedHashMap<>())
                        .computeIfAbsent(key, k -> new ArrayList<>()).add(new double[] {step, e.getValue().asDouble()});
            });
        }
        if (charts.isEmpty()) {
            return;
        }
        List<Chart<?, ?>> drawn = new ArrayList<>();
        charts.forEach((name, series) -> {
            XYChart c = new XYChartBuilder().width(420).height(300).title(title + ": " + name).xAxisTitle("step").build();
            c.getStyler().setLegendVisible(series.size() > 1);
            c.getStyler().setMarkerSize(series.values().stream().mapToInt(List::size).max().orElse(0) > 40 ? 0 : 4);
            series.forEach((key, points) -> {
                double[] x = points.stream().mapToDouble(p -> p[0]).toArray();
                double[] y = points.stream().mapToDouble(p -> p[1]).toArray();
                c.addSeries(key, x, y);
            });
            drawn.add(c);
        });
        int cols = Math.min(3, drawn.size());
        int rowsOfCharts = (drawn.size() + cols - 1) / cols;
        try {
            Path tmp = Files.createTempFile(png.toAbsolutePath().getParent(), ".chart", ".png");
            try {
                BitmapEncoder.saveBitmap(drawn, rowsOfCharts, cols, tmp.toString().replaceAll("\\.png$", ""),
                        BitmapEncoder.BitmapFormat.PNG);
                byte[] bytes = Files.readAllBytes(tmp);
                AtomicFiles.write(png, o -> o.write(bytes));
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(png + ": cannot write the chart: " + e.getMessage(), e);
        }
    }
}
