package org.rlhf4j.train.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.internal.chartpart.AxisTickCalculator;
import org.knowm.xchart.internal.chartpart.Chart;

class MetricsChartTest {
    @TempDir
    Path tmp;

    /** Warmup + cosine lr peaking near 6e-4, a falling loss, ...; validation rows at 100 and 200. */
    static String realisticRun(String validation) {
        StringBuilder sb = new StringBuilder();
        Random r = new Random(7);
        double peak = 6e-4 + Math.PI * 1e-6;
        for (int s = 1; s <= 200; s++) {
            double lr = s <= 20 ? peak * s / 20 : 1e-5 + (peak - 1e-5) * 0.5 * (1 + Math.cos(Math.PI * (s - 20) / 180));
            double loss = 2 + 8 * Math.exp(-s / 40.0) + 0.1 * r.nextGaussian();
            double accuracy = 0.1 + 0.6 * (1 - Math.exp(-s / 50.0)) + 0.02 * r.nextGaussian();
            sb.append(String.format(Locale.ROOT,
                    "{\"step\":%d,\"epoch\":%d,\"lr\":%s,\"loss\":%s,\"loss/sft\":%s,\"accuracy\":%s,\"grad_norm\":%s,\"tokens_per_s\":%s}%n",
                    s, s / 101, lr, loss, loss * 0.987654321, accuracy, 0.5 + 3 * Math.exp(-s / 30.0) + 0.2 * Math.abs(r.nextGaussian()),
                    12345.678901 + 300 * r.nextGaussian()));
            if (s % 100 == 0) {
                sb.append(String.format(Locale.ROOT,
                        "{\"step\":%d,\"epoch\":%d,\"%sloss\":%s,\"%saccuracy\":%s,\"%srm_score\":%s,\"%sperplexity\":%s}%n",
                        s, s / 101, validation, loss + 0.3123456789, validation, accuracy - 0.05, validation, 0.123456789 * s / 100,
                        validation, Math.exp(loss + 0.3)));
            }
        }
        return sb.toString();
    }

    private Path write(String name, String content) throws IOException {
        Path file = tmp.resolve(name);
        Files.writeString(file, content);
        return file;
    }

    private static Map<String, List<String>> seriesByPanel(Path metrics) {
        Map<String, List<String>> panels = new LinkedHashMap<>();
        MetricsChart.panels(MetricsLog.read(metrics)).forEach((panel, series) -> panels.put(panel, List.copyOf(series.keySet())));
        return panels;
    }

    @Test
    void trainingAndEvalMetricsShareAPanelAndTheGridHasOneCellPerPanel() throws IOException {
        Path metrics = write("metrics.jsonl", realisticRun("eval/"));
        Map<String, List<String>> panels = seriesByPanel(metrics);
        assertEquals(List.of("lr", "loss", "loss/sft", "accuracy", "grad_norm", "tokens_per_s", "eval/rm_score", "eval/perplexity"),
                List.copyOf(panels.keySet()));
        assertEquals(List.of("loss", "eval/loss"), panels.get("loss"));
        assertEquals(List.of("accuracy", "eval/accuracy"), panels.get("accuracy"));
        assertEquals(List.of("loss/sft"), panels.get("loss/sft"));
        assertEquals(List.of("eval/rm_score"), panels.get("eval/rm_score"));

        Path png = tmp.resolve("metrics.png");
        MetricsChart.render(metrics, png, "sft");
        BufferedImage image = ImageIO.read(png.toFile());
        // 8 panels: 3 columns, 3 rows (10 without the pairing, which would need 4 rows).
        assertEquals(3 * MetricsChart.WIDTH, image.getWidth());
        assertEquals(3 * MetricsChart.HEIGHT, image.getHeight());
        try (Stream<Path> files = Files.list(tmp)) {
            assertEquals(Set.of("metrics.jsonl", "metrics.png"), files.map(p -> p.getFileName().toString()).collect(Collectors.toSet()),
                    "the PNG is written atomically, leaving no temporary file behind");
        }
    }

    @Test
    void theOldValPrefixStillPairsWithTheTrainingMetric() throws IOException {
        Map<String, List<String>> panels = seriesByPanel(write("metrics.jsonl", realisticRun("val/")));
        assertEquals(List.of("loss", "val/loss"), panels.get("loss"));
        assertEquals(List.of("accuracy", "val/accuracy"), panels.get("accuracy"));
        assertEquals(List.of("val/perplexity"), panels.get("val/perplexity"));
        assertEquals(8, panels.size());
        assertEquals("loss", MetricsChart.validationBase("eval/loss"));
        assertEquals("rm_score", MetricsChart.validationBase("val/rm_score"));
        assertNull(MetricsChart.validationBase("loss/sft"));
    }

    @Test
    void aSingleValidationRowGetsItsOwnPanelsWithPaddedRanges() throws IOException {
        Path metrics = write("metrics.jsonl",
                "{\"step\":4,\"epoch\":0,\"eval/loss\":2.3456789012345678,\"eval/accuracy\":0.61234567890123,"
                        + "\"eval/rm_score\":-0.00012345678901,\"eval/perplexity\":10.4321987654321}\n");
        assertEquals(List.of("eval/loss", "eval/accuracy", "eval/rm_score", "eval/perplexity"), List.copyOf(seriesByPanel(metrics).keySet()));
        Path png = tmp.resolve("metrics.png");
        MetricsChart.render(metrics, png, "sft");
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(3 * MetricsChart.WIDTH, image.getWidth());
        assertEquals(2 * MetricsChart.HEIGHT, image.getHeight());

        double v = 2.3456789012345678;
        MetricsChart.AxisScale y = MetricsChart.valueAxis(v, v);
        assertTrue(y.min() < v && v < y.max(), "a single point sits inside its range: " + y);
        assertTrue(y.max() - y.min() >= 0.1 * v, "the range is padded to a tenth of the value or more: " + y);
        assertEquals("#,##0.0", y.pattern(), "ticks about 0.1 apart need one decimal, not 17 digits");
        assertEquals("2.3", y.label(2.3000000000000003));

        MetricsChart.AxisScale score = MetricsChart.valueAxis(-0.00012345678901, -0.00012345678901);
        assertTrue(score.min() < -0.00012345678901 && score.max() < 0, score.toString());
        assertEquals("-1.20e-04", score.label(-1.2e-4));

        MetricsChart.AxisScale steps = MetricsChart.stepAxis(4, 4);
        assertEquals(3, steps.min());
        assertEquals(5, steps.max());
    }

    @Test
    void constantSeriesGetARangeAroundTheirValue() {
        MetricsChart.AxisScale one = MetricsChart.valueAxis(1, 1);
        assertEquals(0.9, one.min(), 1e-12);
        assertEquals(1.1, one.max(), 1e-12);
        MetricsChart.AxisScale zero = MetricsChart.valueAxis(0, 0);
        assertEquals(0, zero.min());
        assertEquals(1, zero.max());
        MetricsChart.AxisScale negative = MetricsChart.valueAxis(-3, -3);
        assertEquals(-3.3, negative.min(), 1e-12);
        assertEquals(-2.7, negative.max(), 1e-12);
    }

    @Test
    void learningRatesGetShortScientificLabels() {
        MetricsChart.AxisScale lr = MetricsChart.valueAxis(1e-5, 6e-4);
        assertEquals(0, lr.min(), "non-negative data is not padded below zero");
        assertTrue(lr.pattern().contains("E"), lr.pattern());
        long significant = lr.pattern().chars().takeWhile(c -> c != 'E').filter(c -> c == '0').count();
        assertTrue(significant >= 2 && significant <= 4, "2-4 significant digits: " + lr.pattern());
        assertEquals("6.0e-04", lr.label(6e-4));
        assertEquals("2.0e-04", lr.label(2.0000000000000004e-4));
        assertEquals("0", lr.label(0));
        assertEquals("0.0E00", MetricsChart.valuePattern(0, 6.3e-4));
        assertEquals("0.00E00", MetricsChart.valuePattern(1.1e-4, 1.4e-4), "ticks 5e-6 apart need a second digit");
        assertEquals("0.0E00", MetricsChart.valuePattern(1e6, 6e6), "millions are scientific too");
    }

    @Test
    void lossesGetTwoOrThreeSignificantDigits() {
        assertEquals("#,##0", MetricsChart.valuePattern(1.6, 10.4));
        assertEquals("#,##0.0", MetricsChart.valuePattern(0.05, 0.75));
        MetricsChart.AxisScale late = MetricsChart.valueAxis(2.01, 2.09);
        assertEquals("#,##0.00", late.pattern());
        assertEquals("2.05", late.label(2.0500000000000003));
        assertEquals("12,500", MetricsChart.valueAxis(11500, 13200).label(12500.000000001));
        assertEquals(2, MetricsChart.niceStep(2.25));
        assertEquals(0.5, MetricsChart.niceStep(0.4), 1e-15);
        assertEquals(1e-4, MetricsChart.niceStep(1.2e-4), 1e-19);
    }

    @Test
    void stepsAreWholeNumbersFromZero() {
        MetricsChart.AxisScale steps = MetricsChart.stepAxis(1, 200);
        assertEquals(0, steps.min());
        assertTrue(steps.max() > 200, steps.toString());
        assertEquals("50", steps.label(50.00000000000001));
        assertEquals("1000", MetricsChart.stepAxis(0, 5000).label(1000));
    }

    /** The labels XChart drew on an axis of a painted chart, those inside the axis range. */
    private static List<String> drawnTickLabels(XYChart chart, boolean x, MetricsChart.AxisScale range) throws Exception {
        BitmapEncoder.getBufferedImage(chart);
        Method axis = Chart.class.getDeclaredMethod(x ? "getXAxis" : "getYAxis");
        axis.setAccessible(true);
        Object a = axis.invoke(chart);
        Method calculator = a.getClass().getMethod("getAxisTickCalculator");
        calculator.setAccessible(true);
        List<String> labels = new ArrayList<>();
        for (String label : ((AxisTickCalculator) calculator.invoke(a)).getTickLabels()) {
            double value = Double.parseDouble(label.replace(",", ""));
            if (value >= range.min() - 1e-12 && value <= range.max() + 1e-12) {
                labels.add(label);
            }
        }
        return labels;
    }

    private static void assertReadable(List<String> labels, String what) {
        assertTrue(labels.size() >= 2 && labels.size() <= 8, what + ": 2 to 8 ticks, got " + labels);
        assertEquals(labels.size(), new HashSet<>(labels).size(), what + ": distinct labels " + labels);
        for (String label : labels) {
            assertTrue(label.length() <= 8, what + ": short labels, got " + labels);
        }
    }

    @Test
    void drawnAxesHaveFewShortTicksEvenForEquallySpacedData() throws Exception {
        // A warmup-only run: steps 1..30 and lr 2e-5..6e-4 both step evenly, which without the
        // hidden point made XChart 3.8.8 put a label on every value (16 per axis).
        Map<String, List<double[]>> warmup = new LinkedHashMap<>();
        List<double[]> lr = new ArrayList<>();
        for (int s = 1; s <= 30; s++) {
            lr.add(new double[] {s, 2e-5 * s});
        }
        warmup.put("lr", lr);
        XYChart chart = MetricsChart.chart("sft: lr", warmup);
        List<String> y = drawnTickLabels(chart, false, MetricsChart.valueAxis(2e-5, 6e-4));
        assertReadable(y, "lr");
        assertTrue(y.stream().allMatch(l -> l.equals("0") || l.matches("\\d\\.\\de-0\\d")), "lr labels like 6.0e-04: " + y);
        List<String> x = drawnTickLabels(chart, true, MetricsChart.stepAxis(1, 30));
        assertReadable(x, "step");
        assertTrue(x.stream().allMatch(l -> l.matches("\\d+")), "whole steps: " + x);

        Path metrics = write("metrics.jsonl", realisticRun("eval/"));
        Map<String, Map<String, List<double[]>>> panels = MetricsChart.panels(MetricsLog.read(metrics));
        for (String panel : List.of("lr", "loss", "tokens_per_s", "eval/rm_score")) {
            Map<String, List<double[]>> series = panels.get(panel);
            double min = series.values().stream().flatMap(List::stream).mapToDouble(p -> p[1]).min().orElseThrow();
            double max = series.values().stream().flatMap(List::stream).mapToDouble(p -> p[1]).max().orElseThrow();
            XYChart c = MetricsChart.chart(panel, series);
            assertReadable(drawnTickLabels(c, false, MetricsChart.valueAxis(min, max)), panel);
            double first = series.values().stream().flatMap(List::stream).mapToDouble(p -> p[0]).min().orElseThrow();
            double last = series.values().stream().flatMap(List::stream).mapToDouble(p -> p[0]).max().orElseThrow();
            assertReadable(drawnTickLabels(c, true, MetricsChart.stepAxis(first, last)), panel + " steps");
        }
    }

    @Test
    void nothingIsWrittenWithoutRows() throws IOException {
        Path png = tmp.resolve("metrics.png");
        MetricsChart.render(write("metrics.jsonl", ""), png, "sft");
        assertFalse(Files.exists(png));
    }
}
