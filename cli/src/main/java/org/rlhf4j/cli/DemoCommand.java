package org.rlhf4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.rlhf4j.cli.demo.DemoPipeline;
import org.rlhf4j.cli.demo.DemoSettings;
import org.rlhf4j.eval.report.EvalResults;
import org.rlhf4j.eval.report.ReportWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rlhf4j demo}: the whole InstructGPT pipeline on bundled data, end to end. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {
            "InstructGPT in miniature on the bundled corpus, fact tables and WordNet, fully offline: train a "
                    + "tokenizer and pretrain a small base model; simulated training labelers write demonstrations "
                    + "(SFT) and rank K outputs of the SFT model through the labeling store (the K-wise reward model); "
                    + "PPO and PPO-ptx against it; then held-out simulated labelers judge base, SFT, PPO and PPO-ptx.",
            "Writes report.html, report.md and results.json into --out, every stage's models and data beside them. "
                    + "A rerun skips finished stages and resumes an interrupted trainer. The default run takes about "
                    + "20 minutes on 2 cores, --quick about 3."
        })
final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--quick", description = "A much smaller run (tiny model, few prompts), a few minutes: checks the pipeline.")
    boolean quick;

    @Option(names = "--out", defaultValue = "runs/demo", paramLabel = "DIR",
            description = "Run folder (default: ${DEFAULT-VALUE}; with --quick: runs/demo-quick).")
    Path out;

    @Option(names = "--seed", defaultValue = "1234", paramLabel = "S",
            description = "Seed of everything: the world, the labelers, initialisation, sampling (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
        Path dir = quick && out.equals(Path.of("runs/demo")) ? Path.of("runs/demo-quick") : out;
        DemoPipeline pipeline = new DemoPipeline(dir, quick ? DemoSettings.quick() : DemoSettings.standard(), seed, System.err);
        EvalResults results = pipeline.run();
        PrintWriter w = spec.commandLine().getOut();
        w.println("demo: stages");
        for (Map.Entry<String, Double> e : pipeline.stageSeconds().entrySet()) {
            w.printf(Locale.ROOT, "  %-15s %7.1f s%s%n", e.getKey(), e.getValue(),
                    pipeline.skipped(e.getKey()) ? "  (done before)" : "");
        }
        w.println(ReportWriter.summaryTable(results));
        w.println("report: " + dir.resolve("report.html").toAbsolutePath());
        w.flush();
        return 0;
    }
}
