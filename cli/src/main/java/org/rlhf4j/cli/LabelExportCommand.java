package org.rlhf4j.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.rlhf4j.labeling.db.Database;
import org.rlhf4j.labeling.export.Exporter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code rlhf4j label export}: writes the labeled data for the trainers, and the agreement report. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {
            "Write DIR/demonstrations.jsonl ({\"prompt\", \"completion\"}), DIR/comparisons.jsonl",
            "({\"prompt\", \"responses\": [r0..rK-1], \"ranking\": [[best...], ...]}, indices into responses, ties grouped)",
            "and DIR/agreement.json (pairwise agreement between labelers on overlapping prompts, ties excluded),",
            "and print the agreement report."
        })
final class LabelExportCommand implements Callable<Integer> {
    @Option(names = "--db", required = true, paramLabel = "URL", description = "Database: jdbc:sqlite:FILE, a file path, or jdbc:postgresql://...")
    String db;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder (created if needed).")
    Path out;

    @Override
    public Integer call() throws Exception {
        try (Database database = Database.open(db)) {
            Exporter.Result r = Exporter.export(database, out);
            System.out.printf("label: wrote %d demonstrations and %d comparisons to %s%n", r.demonstrations(), r.comparisons(), out);
            System.out.print(r.agreement().report());
        }
        return 0;
    }
}
