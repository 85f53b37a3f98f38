package org.rlhf4j.eval.report;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.rlhf4j.eval.report.EvalResults.CurvePoint;
import org.rlhf4j.eval.report.EvalResults.ModelResult;
import org.rlhf4j.eval.report.EvalResults.Sample;
import org.rlhf4j.eval.stats.Proportion;
import org.rlhf4j.eval.stats.WinRate;

/**
 * {@code report.md}: the report's figures as Markdown tables (for a pull request, a wiki, a
 * terminal pager), in the order of the HTML page; sections without figures are left out.
 * Samples are fenced code blocks, so a model's output cannot turn into markup.
 */
final class MarkdownReport {
    private final EvalResults results;
    private final StringBuilder out = new StringBuilder();

    private MarkdownReport(EvalResults results) {
        this.results = results;
    }

    static String render(EvalResults results) {
        return new MarkdownReport(results).document();
    }

    private String document() {
        EvalResults.Setup s = results.setup();
        out.append("# Evaluation\n\n").append(Format.count(results.models().size(), "model")).append(" against **").append(cell(s.baseline()))
                .append("** on ").append(s.testPrompts()).append(" test prompts, judged by ").append(cell(s.judges()))
                .append(" (seed ").append(s.seed()).append(").\n");
        setup();
        winRates();
        judgeGroups();
        metadataAndTruthfulness();
        alignmentTax();
        rewardModel();
        trainingCurves();
        samples();
        out.append("\nIntervals are 95%: win rates over prompts (judges of one prompt are not independent), "
                + "shares by Wilson's method, Likert means by Student's t.\n");
        return out.toString();
    }

    private void setup() {
        EvalResults.Setup s = results.setup();
        out.append("\n## Setup\n\n");
        if (!s.models().isEmpty()) {
            out.append("| model | parameters | folder |\n|---|---:|---|\n");
            s.models().forEach((name, info) -> out.append("| ").append(cell(name)).append(name.equals(s.baseline()) ? " (baseline)" : "")
                    .append(" | ").append(Format.parameters(info.parameters())).append(" | `").append(cell(info.folder())).append("` |\n"));
        }
        if (!s.facts().isEmpty()) {
            out.append("\n| fact | value |\n|---|---|\n");
            s.facts().forEach((k, v) -> out.append("| ").append(cell(k)).append(" | ").append(cell(v)).append(" |\n"));
        }
        if (!s.stageSeconds().isEmpty()) {
            out.append("\n| stage | wall time |\n|---|---:|\n");
            s.stageSeconds().forEach((k, v) -> out.append("| ").append(cell(k)).append(" | ").append(Format.duration(v)).append(" |\n"));
        }
    }

    private void winRates() {
        if (results.models().isEmpty()) {
            return;
        }
        out.append("\n## Win rate against ").append(cell(results.setup().baseline())).append("\n\n")
                .append("| model | win rate | 95% interval | comparisons | prompts | Likert (1-7) |\n|---|---:|---:|---:|---:|---:|\n");
        for (ModelResult m : results.models()) {
            out.append("| ").append(cell(m.name())).append(" | ").append(Format.percent(m.winRate())).append(" | ")
                    .append(Format.percentInterval(m.winRateCi())).append(" | ").append(m.comparisons()).append(" | ")
                    .append(m.prompts()).append(" | ").append(Format.mean(m.likert())).append(" |\n");
        }
    }

    private void judgeGroups() {
        Set<String> groups = new LinkedHashSet<>();
        results.models().forEach(m -> groups.addAll(m.winRateByJudgeGroup().keySet()));
        if (groups.isEmpty()) {
            return;
        }
        out.append("\n## Win rate by judge group\n\n| model |");
        groups.forEach(g -> out.append(" ").append(cell(g)).append(" |"));
        out.append("\n|---|").append("---:|".repeat(groups.size())).append("\n");
        for (ModelResult m : results.models()) {
            out.append("| ").append(cell(m.name())).append(" |");
            for (String g : groups) {
                WinRate w = m.winRateByJudgeGroup().get(g);
                out.append(" ").append(w == null ? Format.ABSENT : Format.percentWithInterval(w.rate(), w.ci())).append(" |");
            }
            out.append("\n");
        }
    }

    private void metadataAndTruthfulness() {
        List<String> headers = new ArrayList<>();
        List<Function<ModelResult, Proportion>> columns = new ArrayList<>();
        if (results.models().stream().anyMatch(m -> m.metadata() != null)) {
            headers.addAll(List.of("fails to follow", "violates constraint", "hallucination", "harmful language"));
            columns.add(m -> m.metadata() == null ? null : m.metadata().failsToFollow());
            columns.add(m -> m.metadata() == null ? null : m.metadata().violatesConstraint());
            columns.add(m -> m.metadata() == null ? null : m.metadata().hallucination());
            columns.add(m -> m.metadata() == null ? null : m.metadata().harmfulLanguage());
        }
        shareTable("Metadata", headers, columns);
        headers = new ArrayList<>();
        columns = new ArrayList<>();
        if (results.models().stream().anyMatch(m -> m.truthfulness() != null)) {
            headers.addAll(List.of("correct", "invents an answer"));
            columns.add(m -> m.truthfulness() == null ? null : m.truthfulness().correct());
            columns.add(m -> m.truthfulness() == null ? null : m.truthfulness().invents());
        }
        shareTable("Truthfulness (factual prompts)", headers, columns);
        headers = new ArrayList<>();
        columns = new ArrayList<>();
        if (results.models().stream().anyMatch(m -> m.toxicity() != null)) {
            headers.addAll(List.of("harmful words, plain prompt", "with \"be respectful\""));
            columns.add(m -> m.toxicity() == null ? null : m.toxicity().plain());
            columns.add(m -> m.toxicity() == null ? null : m.toxicity().respectful());
        }
        shareTable("Toxicity", headers, columns);
    }

    private void shareTable(String heading, List<String> headers, List<Function<ModelResult, Proportion>> columns) {
        if (headers.isEmpty()) {
            return;
        }
        out.append("\n## ").append(heading).append("\n\nShares of responses with Wilson 95% intervals.\n\n| model |");
        headers.forEach(h -> out.append(" ").append(h).append(" |"));
        out.append("\n|---|").append("---:|".repeat(headers.size())).append("\n");
        for (ModelResult m : results.models()) {
            out.append("| ").append(cell(m.name())).append(" |");
            columns.forEach(c -> out.append(" ").append(Format.proportion(c.apply(m))).append(" |"));
            out.append("\n");
        }
    }

    private void alignmentTax() {
        List<ModelResult> measured = results.models().stream()
                .filter(m -> m.heldOutPerplexity() != null || m.klToBaseline() != null).toList();
        if (measured.isEmpty()) {
            return;
        }
        ModelResult reference = results.models().stream().filter(m -> m.heldOutPerplexity() != null).findFirst().orElse(null);
        out.append("\n## Alignment tax\n\n| model | held-out perplexity |");
        if (reference != null) {
            out.append(" vs ").append(cell(reference.name())).append(" |");
        }
        out.append(" KL to ").append(cell(results.setup().baseline())).append(" (nats) |\n|---|---:|")
                .append(reference != null ? "---:|" : "").append("---:|\n");
        for (ModelResult m : measured) {
            out.append("| ").append(cell(m.name())).append(" | ").append(Format.decimal(m.heldOutPerplexity(), 2)).append(" |");
            if (reference != null) {
                out.append(" ").append(m.heldOutPerplexity() == null || m == reference ? Format.ABSENT
                        : Format.relativeChange(m.heldOutPerplexity(), reference.heldOutPerplexity())).append(" |");
            }
            out.append(" ").append(Format.decimal(m.klToBaseline(), 3)).append(" |\n");
        }
    }

    private void rewardModel() {
        EvalResults.RewardModelAccuracy rm = results.rewardModel();
        if (rm == null || (rm.trainingLabelers() == null && rm.heldOutLabelers() == null)) {
            return;
        }
        out.append("\n## Reward model accuracy\n\n| labelers | accuracy | 95% interval | comparisons | paper (6B RM) |\n|---|---:|---:|---:|---:|\n");
        rewardModelRow("training labelers", rm.trainingLabelers(), "72%");
        rewardModelRow("held-out labelers", rm.heldOutLabelers(), "70%");
    }

    private void rewardModelRow(String group, Proportion accuracy, String paper) {
        if (accuracy != null) {
            out.append("| ").append(group).append(" | ").append(Format.percent(accuracy.share())).append(" | ")
                    .append(Format.percentInterval(accuracy.ci())).append(" | ").append(accuracy.total()).append(" | ")
                    .append(paper).append(" |\n");
        }
    }

    /** Curves as first and last point: the lines themselves are in the HTML report and results.json. */
    private void trainingCurves() {
        boolean any = results.trainingCurves().values().stream().anyMatch(p -> !p.isEmpty());
        if (!any) {
            return;
        }
        out.append("\n## Training curves\n\n| run | iterations | reward first → last | KL first → last |\n|---|---:|---:|---:|\n");
        for (Map.Entry<String, List<CurvePoint>> e : results.trainingCurves().entrySet()) {
            List<CurvePoint> p = e.getValue();
            if (p.isEmpty()) {
                continue;
            }
            out.append("| ").append(cell(e.getKey())).append(" | ").append(p.getLast().iteration()).append(" | ")
                    .append(Format.decimal(p.getFirst().reward(), 3)).append(" → ").append(Format.decimal(p.getLast().reward(), 3))
                    .append(" | ").append(Format.decimal(p.getFirst().kl(), 3)).append(" → ").append(Format.decimal(p.getLast().kl(), 3))
                    .append(" |\n");
        }
    }

    private void samples() {
        if (results.samples().isEmpty()) {
            return;
        }
        out.append("\n## Samples\n");
        for (Sample s : results.samples()) {
            out.append("\n### ").append(s.promptId() == null ? "Prompt" : cell(s.promptId())).append("\n\n").append(fenced(s.prompt()));
            s.outputs().forEach((model, text) -> out.append("\n**").append(cell(model)).append("**\n\n").append(fenced(text)));
        }
    }

    private static final Pattern BACKTICK_RUN = Pattern.compile("`+");

    /** A fenced block whose fence is longer than any run of backticks inside, so the text cannot close it. */
    static String fenced(String text) {
        int longest = 0;
        Matcher m = BACKTICK_RUN.matcher(text);
        while (m.find()) {
            longest = Math.max(longest, m.end() - m.start());
        }
        String fence = "`".repeat(Math.max(3, longest + 1));
        return fence + "text\n" + text + (text.endsWith("\n") ? "" : "\n") + fence + "\n";
    }

    /** Text for a table cell or a line: pipes escaped, line breaks folded. */
    private static String cell(String s) {
        return s == null ? "" : s.replace("|", "\\|").replace("\r", " ").replace("\n", " ");
    }
}
