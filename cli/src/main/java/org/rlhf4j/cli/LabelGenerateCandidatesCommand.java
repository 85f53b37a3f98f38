package org.rlhf4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.rlhf4j.labeling.CandidateGenerator;
import org.rlhf4j.labeling.ProjectStore;
import org.rlhf4j.labeling.db.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rlhf4j label generate-candidates}: samples outputs for the project's prompts from a model. */
@Command(name = "generate-candidates", mixinStandardHelpOptions = true,
        description = {
            "Sample candidate outputs for the project's prompts from the causal LM of a Hugging Face model folder "
                    + "(with its tokenizer). Every prompt with fewer than --samples outputs stored under the model's "
                    + "name gets the missing ones, so running it again adds nothing; it can run while `label serve` does.",
            "Prompts longer than the model's positions minus --max-new-tokens are skipped. Sampling stops at the "
                    + "model's EOS tokens (config.json, else the tokenizer's). The same database, seed and batch size "
                    + "give the same outputs."
        })
final class LabelGenerateCandidatesCommand implements Callable<Integer> {
    private static final long PROGRESS_EVERY_NANOS = 3_000_000_000L;

    @Spec
    CommandSpec spec;

    @Option(names = "--db", required = true, paramLabel = "URL", description = "Database: jdbc:sqlite:FILE, a file path, or jdbc:postgresql://...")
    String db;

    @Option(names = "--model", required = true, paramLabel = "DIR",
            description = "Model folder: config.json, model.safetensors and tokenizer.json.")
    Path model;

    @Option(names = "--name", paramLabel = "NAME", description = "Model name the outputs are stored under (default: the folder's name).")
    String name;

    @Option(names = "--samples", paramLabel = "N", description = "Outputs per prompt from this model (default: the project's K).")
    Integer samples;

    @Option(names = "--max-new-tokens", paramLabel = "N", defaultValue = "64",
            description = "Most tokens per output (default: ${DEFAULT-VALUE}).")
    int maxNewTokens;

    @Option(names = "--temperature", paramLabel = "T", defaultValue = "1.0",
            description = "Sampling temperature (default: ${DEFAULT-VALUE}).")
    float temperature;

    @Option(names = "--top-p", paramLabel = "P", defaultValue = "1.0",
            description = "Nucleus sampling threshold; 1 turns it off (default: ${DEFAULT-VALUE}).")
    float topP;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "Sampling seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--batch-size", paramLabel = "B", defaultValue = "8",
            description = "Samples generated together (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (Database database = Database.open(db)) {
            int perPrompt = samples != null ? samples : new ProjectStore(database).settings().k();
            CandidateGenerator.Config config = new CandidateGenerator.Config(name, perPrompt, maxNewTokens, temperature, topP,
                    seed, batchSize);
            long[] lastPrint = {System.nanoTime()};
            CandidateGenerator.Result r = new CandidateGenerator(database).run(model, config, (done, total) -> {
                long now = System.nanoTime();
                if (done == total || now - lastPrint[0] >= PROGRESS_EVERY_NANOS) {
                    lastPrint[0] = now;
                    err.println("label: generated " + done + "/" + total + " outputs");
                    err.flush();
                }
            });
            out.println("label: added " + r.generated() + " outputs from " + r.model() + " (" + perPrompt
                    + " per prompt); " + r.skipped() + " prompts too long skipped"
                    + (r.empty() > 0 ? "; " + r.empty() + " empty outputs not stored" : ""));
            out.flush();
        }
        return 0;
    }
}
