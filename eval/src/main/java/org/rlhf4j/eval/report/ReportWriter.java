package org.rlhf4j.eval.report;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.rlhf4j.tensor.io.AtomicFiles;

/**
 * Writes an evaluation's reports into a folder: {@code results.json} (every figure),
 * {@code report.md} (tables) and {@code report.html} (one self-contained page with charts),
 * each file all-or-nothing, so an interrupted run leaves the previous report readable.
 */
public final class ReportWriter {
    public static final String RESULTS_JSON = "results.json";
    public static final String REPORT_MD = "report.md";
    public static final String REPORT_HTML = "report.html";

    private ReportWriter() {}

    /** Writes the three files into {@code dir} (created when missing); returns the HTML report's path. */
    public static Path write(EvalResults results, Path dir) {
        // Rendered before anything is written: a rendering bug leaves no half-replaced set of files.
        String json = ResultsJson.toJson(results);
        String markdown = MarkdownReport.render(results);
        String html = HtmlReport.render(results);
        writeText(dir.resolve(RESULTS_JSON), json);
        writeText(dir.resolve(REPORT_MD), markdown);
        Path page = dir.resolve(REPORT_HTML);
        writeText(page, html);
        return page;
    }

    /** A plain-text table for the terminal: model, win rate [CI], Likert, hallucination, correct, perplexity. */
    public static String summaryTable(EvalResults results) {
        return SummaryTable.render(results);
    }

    private static void writeText(Path file, String text) {
        AtomicFiles.write(file, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }
}
