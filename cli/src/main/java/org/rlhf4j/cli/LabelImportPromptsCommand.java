package org.rlhf4j.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.rlhf4j.labeling.JsonlImporter;
import org.rlhf4j.labeling.db.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code rlhf4j label import-prompts}: loads prompts from JSONL. */
@Command(name = "import-prompts", mixinStandardHelpOptions = true,
        description = "Add prompts from a JSONL file, one {\"prompt\": \"...\"} per line. Prompts already there "
                + "(same text) are skipped; a malformed line stops the import (file:line named) and adds nothing.")
final class LabelImportPromptsCommand implements Callable<Integer> {
    @Option(names = "--db", required = true, paramLabel = "URL", description = "Database: jdbc:sqlite:FILE, a file path, or jdbc:postgresql://...")
    String db;

    @Parameters(paramLabel = "FILE", description = "The JSONL file.")
    Path file;

    @Override
    public Integer call() throws Exception {
        try (Database database = Database.open(db)) {
            JsonlImporter.Result r = new JsonlImporter(database).importPrompts(file);
            System.out.println("label: added " + r.added() + " prompts, skipped " + r.skipped() + " already there");
        }
        return 0;
    }
}
