package org.rlhf4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.rlhf4j.labeling.TaskType;
import org.rlhf4j.labeling.db.Database;
import org.rlhf4j.labeling.export.Agreement;
import org.rlhf4j.sim.judge.ResponseChecks;
import org.rlhf4j.sim.labelers.LabelerGroup;
import org.rlhf4j.sim.labelers.LabelerPanel;
import org.rlhf4j.sim.labelers.SimLabeler;
import org.rlhf4j.sim.labelers.StoreLabeling;
import org.rlhf4j.sim.prompts.SimPrompt;
import org.rlhf4j.sim.prompts.SimPromptJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rlhf4j sim label}: simulated labelers work a labeling project's queue, through its store. */
@Command(name = "label", mixinStandardHelpOptions = true,
        description = {
            "Simulated labelers do a labeling project's open work (the database `rlhf4j label serve` uses): each "
                    + "has an account and takes tasks from the queue as a person would, writing demonstrations or "
                    + "ranking the K outputs (with Likert ratings and flags). `rlhf4j label export` then gives the "
                    + "trainers' files.",
            "Prompts must come from `rlhf4j sim prompts` (the labelers check answers against what those lines "
                    + "carry); other prompts are skipped with a reason. Prints what was done and the labelers' "
                    + "pairwise agreement."
        })
final class SimLabelCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--db", required = true, paramLabel = "URL",
            description = "Database: jdbc:sqlite:FILE, a file path, or jdbc:postgresql://...")
    String db;

    @Option(names = "--prompts", required = true, split = ",", paramLabel = "FILE",
            description = "The world's prompts (rlhf4j sim prompts output) the project's prompts come from.")
    List<Path> prompts;

    @Option(names = "--task", required = true, paramLabel = "demonstration|ranking", description = "Which work to do.")
    String task;

    @Option(names = "--group", defaultValue = "training", paramLabel = "training|held-out",
            description = "Which labelers work (default: ${DEFAULT-VALUE}).")
    String group;

    @Option(names = "--fluency-model", paramLabel = "DIR",
            description = "A reference LM (e.g. the pretrained base model) by which the simulated labelers judge "
                    + "fluency (default: a word bigram model of the bundled corpus).")
    Path fluencyModel;

    @Option(names = "--seed", defaultValue = "1234", paramLabel = "S",
            description = "Seed of the labelers' hidden preferences and of their choices (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws java.io.IOException {
        TaskType type = TaskType.parse(task);
        List<SimLabeler> labelers = LabelerPanel.create(seed).group(LabelerGroup.parse(group));
        List<SimPrompt> world = new java.util.ArrayList<>();
        for (Path p : prompts) {
            world.addAll(SimPromptJson.read(p));
        }
        PrintWriter out = spec.commandLine().getOut();
        try (Database database = Database.open(db)) {
            StoreLabeling labeling = new StoreLabeling(database, world, ResponseChecks.standard()::measure, FluencyModels.load(fluencyModel, world), seed);
            // The queue's length is not known up front (overlap, skips): a count every 100 tasks.
            StoreLabeling.Summary summary = labeling.work(labelers, type, done -> {
                if (done % 100 == 0) {
                    System.err.printf("sim label %s: %d tasks done%n", type.dbName(), done);
                }
            });
            out.printf("%s tasks: %d submitted, %d skipped by %d %s labelers%n", type.dbName(), summary.submitted(),
                    summary.skipped(), labelers.size(), group);
            if (type == TaskType.RANKING) {
                out.println(Agreement.of(database).report());
            }
        }
        out.flush();
        return 0;
    }
}
