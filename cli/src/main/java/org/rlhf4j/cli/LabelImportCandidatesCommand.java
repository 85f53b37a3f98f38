package org.rlhf4j.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.rlhf4j.labeling.JsonlImporter;
import org.rlhf4j.labeling.db.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code rlhf4j label import-candidates}: attaches model outputs to prompts. */
@Command(name = "import-candidates", mixinStandardHelpOptions = true,
        description = "Add model outputs from a JSONL file, one {\"prompt_id\": N | \"prompt\": \"...\", \"model\": \"...\", "
                + "\"output\": \"...\"} per line. A prompt named by text that is not there yet is added. A ranking task "
                + "shows a prompt's first K outputs. A malformed line stops the import (file:line named) and adds nothing.")
final class LabelImportCandidatesCommand implements Callable<Integer> {
    @Option(names = "--db", required = true, paramLabel = "URL", description = "Database: jdbc:sqlite:FILE, a file path, or jdbc:postgresql://...")
    String db;

    @Parameters(paramLabel = "FILE", description = "The JSONL file.")
    Path file;

    @Override
    public Integer call() throws Exception {
        try (Database database = Database.open(db)) {
            JsonlImporter.Result r = new JsonlImporter(database).importCandidates(file);
            System.out.println("label: added " + r.added() + " outputs");
        }
        return 0;
    }
}
