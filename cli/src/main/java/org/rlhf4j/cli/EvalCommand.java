package org.rlhf4j.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.rlhf4j.eval.EvalOptions;
import org.rlhf4j.eval.Evaluation;
import org.rlhf4j.eval.PromptFormat;
import org.rlhf4j.eval.report.EvalResults;
import org.rlhf4j.eval.report.ReportWriter;
import org.rlhf4j.sim.judge.ResponseChecks;
import org.rlhf4j.sim.labelers.LabelerGroup;
import org.rlhf4j.sim.labelers.LabelerPanel;
import org.rlhf4j.sim.prompts.SimPrompt;
import org.rlhf4j.sim.prompts.SimPromptJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rlhf4j eval}: the paper's evaluation of model folders against a baseline. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {
            "Evaluate model folders as InstructGPT does: each model answers the test prompts (rlhf4j sim prompts "
                    + "--split test), judges compare each answer with the baseline's, and the answers are checked "
                    + "against the world's knowledge.",
            "Writes report.html (charts, no network needed), report.md and results.json (per model: win_rate and "
                    + "win_rate_ci against the baseline, Likert, metadata, truthfulness, toxicity, perplexity, KL) "
                    + "into --out, and prints a summary table. Progress goes to stderr."
        })
final class EvalCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--models", required = true, split = ",", paramLabel = "NAME=DIR",
            description = "Models to evaluate, in display order, e.g. base=runs/base,sft=runs/sft,ppo=runs/ppo.")
    List<String> models;

    @Option(names = "--baseline", paramLabel = "NAME",
            description = "The model every win rate is against (default: sft when there is one, else the first).")
    String baseline;

    @Option(names = "--prompts", required = true, paramLabel = "FILE",
            description = "Test prompts written by `rlhf4j sim prompts` (they carry what the judges check).")
    Path prompts;

    @Option(names = "--judges", defaultValue = "held-out", paramLabel = "held-out|training|FILE",
            description = "Who judges: the held-out simulated labelers (default), the training ones, or a "
                    + "labeling-app export (comparisons.jsonl) of people's rankings of these models' outputs.")
    String judges;

    @Option(names = "--corpus", paramLabel = "FILE",
            description = "Held-out pretraining text (.txt, .txt.gz or {\"text\"} JSONL) for the alignment tax (perplexity).")
    Path corpus;

    @Option(names = "--corpus-tokens", defaultValue = "20000", paramLabel = "N",
            description = "Tokens of --corpus scored per model (default: ${DEFAULT-VALUE}).")
    int corpusTokens;

    @Option(names = "--reward-model", paramLabel = "DIR",
            description = "A reward model whose accuracy on training and held-out labelers' verdicts to report.")
    Path rewardModel;

    @Option(names = "--chat", description = "Give prompts through the chat template (models trained on conversations).")
    boolean chat;

    @Option(names = "--limit", paramLabel = "N", description = "Use only the first N test prompts.")
    Integer limit;

    @Option(names = "--max-new-tokens", defaultValue = "48", paramLabel = "N",
            description = "Longest response (default: ${DEFAULT-VALUE}).")
    int maxNewTokens;

    @Option(names = "--temperature", defaultValue = "1.0", paramLabel = "T",
            description = "Sampling temperature (default: ${DEFAULT-VALUE}, as PPO samples).")
    float temperature;

    @Option(names = "--toxicity-prompts", defaultValue = "50", paramLabel = "N",
            description = "Open-ended prompts asked plainly and respectfully for the toxicity probe (default: ${DEFAULT-VALUE}).")
    int toxicityPrompts;

    @Option(names = "--batch-size", defaultValue = "16", paramLabel = "B",
            description = "Prompts sampled per batch (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--fluency-model", paramLabel = "DIR",
            description = "A reference LM (e.g. the pretrained base model) by which the simulated labelers judge "
                    + "fluency (default: a word bigram model of the bundled corpus).")
    Path fluencyModel;

    @Option(names = "--seed", defaultValue = "1234", paramLabel = "S",
            description = "Seed of sampling and of the simulated judges (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder for the report.")
    Path out;

    @Override
    public Integer call() throws Exception {
        Map<String, Path> folders = parseModels(models);
        String base = baseline != null ? baseline : folders.containsKey("sft") ? "sft" : folders.keySet().iterator().next();
        List<SimPrompt> test = SimPromptJson.read(prompts);
        if (limit != null) {
            if (limit < 1) {
                throw new IllegalArgumentException("--limit must be at least 1, got " + limit);
            }
            test = test.subList(0, Math.min(limit, test.size()));
        }
        Path people = null;
        LabelerGroup group = LabelerGroup.HELD_OUT;
        if (judges.equals("held-out") || judges.equals("training")) {
            group = LabelerGroup.parse(judges);
        } else {
            people = Path.of(judges);
            if (!Files.isRegularFile(people)) {
                throw new IllegalArgumentException("--judges must be held-out, training or a comparisons.jsonl file; "
                        + people + " is not a file");
            }
        }
        EvalOptions options = new EvalOptions(folders, base, test, group, people, corpus, corpusTokens, rewardModel,
                chat ? PromptFormat.CHAT : PromptFormat.PLAIN, maxNewTokens, temperature, toxicityPrompts, batchSize, seed);
        EvalResults results = new Evaluation(options, ResponseChecks.standard()::measure, LabelerPanel.create(seed), FluencyModels.load(fluencyModel, test),
                System.err).run();
        ReportWriter.write(results, out);
        PrintWriter w = spec.commandLine().getOut();
        w.println(ReportWriter.summaryTable(results));
        w.println("report: " + out.resolve("report.html"));
        w.flush();
        return 0;
    }

    static Map<String, Path> parseModels(List<String> specs) {
        Map<String, Path> folders = new LinkedHashMap<>();
        for (String spec : specs) {
            int eq = spec.indexOf('=');
            if (eq <= 0 || eq == spec.length() - 1) {
                throw new IllegalArgumentException("--models takes NAME=DIR pairs, got \"" + spec + "\"");
            }
            String name = spec.substring(0, eq).strip();
            Path dir = Path.of(spec.substring(eq + 1).strip());
            if (folders.put(name, dir) != null) {
                throw new IllegalArgumentException("--models names \"" + name + "\" twice");
            }
            if (!Files.isDirectory(dir)) {
                throw new IllegalArgumentException("--models: " + name + "'s folder " + dir + " does not exist");
            }
        }
        return folders;
    }
}
