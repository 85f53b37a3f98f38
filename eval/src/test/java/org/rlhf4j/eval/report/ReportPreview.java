package org.rlhf4j.eval.report;

import java.nio.file.Path;

/**
 * Writes the fake realistic report to a folder, to look at the page in a browser:
 * {@code java -cp ... org.rlhf4j.eval.report.ReportPreview /tmp/report}. Test scope only.
 */
public final class ReportPreview {
    private ReportPreview() {}

    public static void main(String[] args) {
        Path dir = Path.of(args.length > 0 ? args[0] : "target/report-preview");
        EvalResults results = args.length > 1 && args[1].equals("minimal") ? FakeResults.minimal() : FakeResults.realistic();
        System.out.println(ReportWriter.write(results, dir).toAbsolutePath());
        System.out.print(ReportWriter.summaryTable(results));
    }
}
