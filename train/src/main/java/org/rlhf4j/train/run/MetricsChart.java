package org.rlhf4j.train.run;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
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
    private static final int WIDTH = 420;
    private static final int HEIGHT = 300;
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
            XYChart c = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title + ": " + name).xAxisTitle("step").build();
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
        BufferedImage grid = new BufferedImage(cols * WIDTH, rowsOfCharts * HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = grid.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, grid.getWidth(), grid.getHeight());
        for (int i = 0; i < drawn.size(); i++) {
            g.drawImage(BitmapEncoder.getBufferedImage(drawn.get(i)), (i % cols) * WIDTH, (i / cols) * HEIGHT, null);
        }
        g.dispose();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ImageIO.write(grid, "png", bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(png + ": cannot encode the chart: " + e.getMessage(), e);
        }
        AtomicFiles.write(png, o -> bytes.writeTo(o));
    }
}
