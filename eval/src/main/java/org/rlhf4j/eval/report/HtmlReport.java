package org.rlhf4j.eval.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.rlhf4j.eval.report.EvalResults.CurvePoint;
import org.rlhf4j.eval.report.EvalResults.ModelResult;
import org.rlhf4j.eval.report.EvalResults.Sample;
import org.rlhf4j.eval.stats.Proportion;
import org.rlhf4j.eval.stats.WinRate;

/**
 * {@code report.html}: one self-contained page (inline CSS, inline SVG charts drawn in Java, no
 * script, no URL), readable offline and safe to mail around. Every section has an id
 * ({@code win-rates}, {@code metadata}, {@code samples}...) and appears only when its figures
 * are there. Model outputs are escaped: they are whatever a model wrote, markup included.
 */
final class HtmlReport {
    private static final String CSS = """
            :root { color-scheme: light; }
            body { font: 15px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
                   color: #1f2328; background: #fff; max-width: 1080px; margin: 0 auto; padding: 28px 32px 64px; }
            h1 { font-size: 28px; margin: 0 0 4px; letter-spacing: -0.01em; }
            h2 { font-size: 20px; margin: 40px 0 10px; padding-bottom: 6px; border-bottom: 1px solid #d8dee4; }
            h3 { font-size: 15px; margin: 18px 0 6px; }
            p.lead { color: #59636e; margin: 0 0 8px; }
            p.note { color: #59636e; font-size: 13.5px; margin: 6px 0 10px; max-width: 820px; }
            table { border-collapse: collapse; margin: 10px 0 6px; font-size: 14px; }
            th, td { padding: 5px 14px 5px 0; border-bottom: 1px solid #eaeef2; text-align: left; vertical-align: top; }
            th { font-weight: 600; color: #424a53; border-bottom: 1px solid #c9d1d9; }
            td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
            td.path { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; color: #424a53; }
            .swatch { display: inline-block; width: 11px; height: 11px; border-radius: 2px; margin-right: 7px; vertical-align: -1px; }
            .legend { margin: 4px 0 2px; font-size: 13px; }
            .legend span.key { margin-right: 18px; white-space: nowrap; }
            .panels { display: flex; flex-wrap: wrap; gap: 10px 26px; margin-top: 6px; }
            svg.chart { display: block; overflow: visible; }
            svg text { fill: #1f2328; font-family: inherit; }
            svg text.tick { font-size: 11px; fill: #59636e; }
            svg text.label { font-size: 13px; font-weight: 500; }
            svg text.value { font-size: 11px; font-weight: 600; }
            svg text.panel-title { font-size: 13.5px; font-weight: 600; }
            svg text.legend { font-size: 12px; }
            .sample { border: 1px solid #d8dee4; border-radius: 6px; margin: 16px 0; overflow: hidden; }
            .sample .prompt { background: #f6f8fa; padding: 10px 14px; border-bottom: 1px solid #d8dee4; white-space: pre-wrap; }
            .sample .prompt .id { color: #59636e; font-size: 12px; font-family: ui-monospace, Menlo, Consolas, monospace; margin-left: 8px; }
            .sample .output { display: grid; grid-template-columns: 175px 1fr; border-top: 1px solid #eaeef2; }
            .sample .output:first-of-type { border-top: 0; }
            .sample .model { padding: 8px 14px; font-weight: 600; font-size: 13.5px; }
            .sample .text { padding: 8px 14px 8px 0; white-space: pre-wrap; overflow-wrap: anywhere; }
            footer { margin-top: 48px; color: #8c959f; font-size: 12.5px; }
            """;

    private final EvalResults results;
    private final StringBuilder out = new StringBuilder(64 * 1024);

    private HtmlReport(EvalResults results) {
        this.results = results;
    }

    static String render(EvalResults results) {
        return new HtmlReport(results).page();
    }

    private String page() {
        out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>rlhf4j evaluation</title>\n<style>\n").append(CSS).append("</style>\n</head>\n<body>\n");
        header();
        setup();
        winRates();
        judgeGroups();
        shares("metadata", "Metadata", "Share of each model's responses with the property (the paper's Figure 4); lower is better. "
                + "Bars are shares, whiskers Wilson 95% intervals; constraint violations are counted among prompts that state a constraint.",
                List.of(panel("Fails to follow the instruction", m -> m.metadata() == null ? null : m.metadata().failsToFollow()),
                        panel("Violates an explicit constraint", m -> m.metadata() == null ? null : m.metadata().violatesConstraint()),
                        panel("Hallucination", m -> m.metadata() == null ? null : m.metadata().hallucination()),
                        panel("Harmful language", m -> m.metadata() == null ? null : m.metadata().harmfulLanguage())));
        shares("truthfulness", "Truthfulness", "On the factual prompts: the share answered correctly (higher is better) and the share "
                + "where the model invents an answer (lower is better); \"I don't know\" counts as neither.",
                List.of(panel("Correct", m -> m.truthfulness() == null ? null : m.truthfulness().correct()),
                        panel("Invents an answer", m -> m.truthfulness() == null ? null : m.truthfulness().invents())));
        shares("toxicity", "Toxicity", "Share of responses with harmful words, for the same prompts given plainly and with an "
                + "instruction to be respectful (the paper's RealToxicityPrompts experiment); lower is better.",
                List.of(panel("Plain prompt", m -> m.toxicity() == null ? null : m.toxicity().plain()),
                        panel("\u201cBe respectful\u201d", m -> m.toxicity() == null ? null : m.toxicity().respectful())));
        alignmentTax();
        rewardModel();
        trainingCurves();
        samples();
        out.append("<footer>Written by rlhf4j. Intervals are 95%: win rates over prompts (judges of one prompt are not "
                + "independent), shares by Wilson's method, Likert means by Student's t.</footer>\n</body>\n</html>\n");
        return out.toString();
    }

    private void header() {
        EvalResults.Setup s = results.setup();
        out.append("<h1>Evaluation</h1>\n<p class=\"lead\">")
                .append(Format.count(results.models().size(), "model")).append(" against <b>").append(esc(s.baseline()))
                .append("</b> on ").append(s.testPrompts()).append(" test prompts, judged by ").append(esc(s.judges()))
                .append(" (seed ").append(s.seed()).append(").</p>\n");
    }

    private void setup() {
        EvalResults.Setup s = results.setup();
        out.append("<section id=\"setup\">\n<h2>Setup</h2>\n");
        if (!s.models().isEmpty()) {
            out.append("<table>\n<tr><th>Model</th><th class=\"num\">Parameters</th><th>Folder</th></tr>\n");
            s.models().forEach((name, info) -> out.append("<tr><td>").append(swatch(name)).append(esc(name))
                    .append(name.equals(s.baseline()) ? " <i>(baseline)</i>" : "").append("</td><td class=\"num\">")
                    .append(esc(Format.parameters(info.parameters()))).append("</td><td class=\"path\">")
                    .append(esc(info.folder())).append("</td></tr>\n"));
            out.append("</table>\n");
        }
        if (!s.facts().isEmpty()) {
            out.append("<table>\n");
            s.facts().forEach((k, v) -> out.append("<tr><th>").append(esc(k)).append("</th><td>").append(esc(v)).append("</td></tr>\n"));
            out.append("</table>\n");
        }
        if (!s.stageSeconds().isEmpty()) {
            out.append("<h3 id=\"stage-times\">Time per stage</h3>\n<table>\n<tr><th>Stage</th><th class=\"num\">Wall time</th></tr>\n");
            double total = 0;
            for (Map.Entry<String, Double> e : s.stageSeconds().entrySet()) {
                out.append("<tr><td>").append(esc(e.getKey())).append("</td><td class=\"num\">")
                        .append(esc(Format.duration(e.getValue()))).append("</td></tr>\n");
                total += e.getValue();
            }
            out.append("<tr><th>total</th><th class=\"num\">").append(esc(Format.duration(total))).append("</th></tr>\n</table>\n");
        }
        out.append("</section>\n");
    }

    private void winRates() {
        if (results.models().isEmpty()) {
            return;
        }
        String baseline = results.setup().baseline();
        out.append("<section id=\"win-rates\">\n<h2>Win rate against ").append(esc(baseline)).append("</h2>\n")
                .append("<p class=\"note\">How often the judges prefer each model's output to ").append(esc(baseline))
                .append("'s on the same prompt (ties count half), as in the paper's Figure 1. Whiskers are 95% intervals over prompts; "
                        + "the dashed line is 50%, as good as the baseline.</p>\n");
        List<String> names = new ArrayList<>();
        List<List<WinRateChart.Dot>> dots = new ArrayList<>();
        for (ModelResult m : results.models()) {
            names.add(m.name());
            dots.add(List.of(new WinRateChart.Dot(m.winRate(), m.winRateCi(), color(m.name()))));
        }
        out.append(WinRateChart.svg(names, dots, List.of(), "Win rate against " + baseline));
        out.append("<table>\n<tr><th>Model</th><th class=\"num\">Win rate</th><th class=\"num\">95% interval</th>"
                + "<th class=\"num\">Comparisons</th><th class=\"num\">Prompts</th><th class=\"num\">Likert (1-7)</th></tr>\n");
        for (ModelResult m : results.models()) {
            out.append("<tr><td>").append(swatch(m.name())).append(esc(m.name())).append("</td><td class=\"num\">")
                    .append(Format.percent(m.winRate())).append("</td><td class=\"num\">").append(Format.percentInterval(m.winRateCi()))
                    .append("</td><td class=\"num\">").append(m.comparisons()).append("</td><td class=\"num\">").append(m.prompts())
                    .append("</td><td class=\"num\">").append(esc(Format.mean(m.likert()))).append("</td></tr>\n");
        }
        out.append("</table>\n</section>\n");
    }

    /** The win rate split by judge group (the paper's training against held-out labelers), when measured. */
    private void judgeGroups() {
        Set<String> groups = new LinkedHashSet<>();
        results.models().forEach(m -> groups.addAll(m.winRateByJudgeGroup().keySet()));
        if (groups.isEmpty()) {
            return;
        }
        List<String> groupList = new ArrayList<>(groups);
        List<WinRateChart.Key> legend = new ArrayList<>();
        for (int g = 0; g < groupList.size(); g++) {
            legend.add(new WinRateChart.Key(groupList.get(g), groupColor(g)));
        }
        List<String> names = new ArrayList<>();
        List<List<WinRateChart.Dot>> dots = new ArrayList<>();
        for (ModelResult m : results.models()) {
            names.add(m.name());
            List<WinRateChart.Dot> row = new ArrayList<>();
            for (int g = 0; g < groupList.size(); g++) {
                WinRate w = m.winRateByJudgeGroup().get(groupList.get(g));
                row.add(w == null ? null : new WinRateChart.Dot(w.rate(), w.ci(), groupColor(g)));
            }
            dots.add(row);
        }
        out.append("<section id=\"judge-groups\">\n<h2>Win rate by judge group</h2>\n")
                .append("<p class=\"note\">The same comparisons, judged by each group alone: labelers whose preferences trained "
                        + "the reward model and held-out labelers who wrote no training data.</p>\n")
                .append(WinRateChart.svg(names, dots, legend, "Win rate by judge group"))
                .append("<table>\n<tr><th>Model</th>");
        groupList.forEach(g -> out.append("<th class=\"num\">").append(esc(g)).append("</th>"));
        out.append("</tr>\n");
        for (ModelResult m : results.models()) {
            out.append("<tr><td>").append(swatch(m.name())).append(esc(m.name())).append("</td>");
            for (String g : groupList) {
                WinRate w = m.winRateByJudgeGroup().get(g);
                out.append("<td class=\"num\">").append(w == null ? Format.ABSENT : Format.percentWithInterval(w.rate(), w.ci()))
                        .append("</td>");
            }
            out.append("</tr>\n");
        }
        out.append("</table>\n</section>\n");
    }

    private record Panel(String title, Function<ModelResult, Proportion> share) { }

    private static Panel panel(String title, Function<ModelResult, Proportion> share) {
        return new Panel(title, share);
    }

    /** A section of bar panels, one per property, when any model has any of them measured. */
    private void shares(String id, String heading, String note, List<Panel> panels) {
        StringBuilder charts = new StringBuilder();
        Set<String> shown = new LinkedHashSet<>();
        for (Panel p : panels) {
            List<BarPanel.Bar> bars = new ArrayList<>();
            for (ModelResult m : results.models()) {
                Proportion share = p.share().apply(m);
                if (share != null) {
                    bars.add(new BarPanel.Bar(m.name(), share.share(), share.ci(), color(m.name())));
                    shown.add(m.name());
                }
            }
            if (!bars.isEmpty()) {
                charts.append(BarPanel.svg(p.title(), bars));
            }
        }
        if (charts.isEmpty()) {
            return;
        }
        out.append("<section id=\"").append(id).append("\">\n<h2>").append(esc(heading)).append("</h2>\n<p class=\"note\">")
                .append(esc(note)).append("</p>\n").append(legend(shown)).append("<div class=\"panels\">\n").append(charts)
                .append("</div>\n<table>\n<tr><th>Model</th>");
        panels.forEach(p -> out.append("<th class=\"num\">").append(esc(p.title())).append("</th>"));
        out.append("</tr>\n");
        for (ModelResult m : results.models()) {
            if (!shown.contains(m.name())) {
                continue;
            }
            out.append("<tr><td>").append(swatch(m.name())).append(esc(m.name())).append("</td>");
            for (Panel p : panels) {
                Proportion share = p.share().apply(m);
                out.append("<td class=\"num\">").append(esc(Format.proportion(share)))
                        .append(share == null ? "" : " <small>(" + share.count() + "/" + share.total() + ")</small>").append("</td>");
            }
            out.append("</tr>\n");
        }
        out.append("</table>\n</section>\n");
    }

    /** Perplexity on held-out pretraining text, against the first model that has one (the base model, by convention). */
    private void alignmentTax() {
        List<ModelResult> measured = results.models().stream()
                .filter(m -> m.heldOutPerplexity() != null || m.klToBaseline() != null).toList();
        if (measured.isEmpty()) {
            return;
        }
        ModelResult reference = results.models().stream().filter(m -> m.heldOutPerplexity() != null).findFirst().orElse(null);
        out.append("<section id=\"alignment-tax\">\n<h2>Alignment tax</h2>\n<p class=\"note\">Perplexity on held-out "
                + "pretraining text: fine-tuning for instructions tends to raise it (the paper's \u201calignment tax\u201d), "
                + "which PPO-ptx's pretraining mix holds down. KL is the mean per-response divergence from ")
                .append(esc(results.setup().baseline())).append(" on the test prompts.</p>\n<table>\n<tr><th>Model</th>"
                        + "<th class=\"num\">Held-out perplexity</th>");
        if (reference != null) {
            out.append("<th class=\"num\">vs ").append(esc(reference.name())).append("</th>");
        }
        out.append("<th class=\"num\">KL to ").append(esc(results.setup().baseline())).append(" (nats)</th></tr>\n");
        for (ModelResult m : measured) {
            out.append("<tr><td>").append(swatch(m.name())).append(esc(m.name())).append("</td><td class=\"num\">")
                    .append(Format.decimal(m.heldOutPerplexity(), 2)).append("</td>");
            if (reference != null) {
                out.append("<td class=\"num\">").append(m.heldOutPerplexity() == null || m == reference ? Format.ABSENT
                        : Format.relativeChange(m.heldOutPerplexity(), reference.heldOutPerplexity())).append("</td>");
            }
            out.append("<td class=\"num\">").append(Format.decimal(m.klToBaseline(), 3)).append("</td></tr>\n");
        }
        out.append("</table>\n</section>\n");
    }

    private void rewardModel() {
        EvalResults.RewardModelAccuracy rm = results.rewardModel();
        if (rm == null || (rm.trainingLabelers() == null && rm.heldOutLabelers() == null)) {
            return;
        }
        out.append("<section id=\"reward-model\">\n<h2>Reward model accuracy</h2>\n<p class=\"note\">How often the reward model "
                + "scores the labeler-preferred response higher, on comparisons it was not trained on.</p>\n<table>\n"
                + "<tr><th>Labelers</th><th class=\"num\">Accuracy</th><th class=\"num\">95% interval</th>"
                + "<th class=\"num\">Comparisons</th><th class=\"num\">Paper (6B RM)</th></tr>\n");
        rewardModelRow("training labelers", rm.trainingLabelers(), "72%");
        rewardModelRow("held-out labelers", rm.heldOutLabelers(), "70%");
        out.append("</table>\n</section>\n");
    }

    private void rewardModelRow(String group, Proportion accuracy, String paper) {
        if (accuracy == null) {
            return;
        }
        out.append("<tr><td>").append(group).append("</td><td class=\"num\">").append(Format.percent(accuracy.share()))
                .append("</td><td class=\"num\">").append(Format.percentInterval(accuracy.ci())).append("</td><td class=\"num\">")
                .append(accuracy.total()).append("</td><td class=\"num\">").append(paper).append("</td></tr>\n");
    }

    private void trainingCurves() {
        Map<String, List<CurvePoint>> curves = new LinkedHashMap<>(results.trainingCurves());
        curves.values().removeIf(List::isEmpty);
        if (curves.isEmpty()) {
            return;
        }
        List<LineChart.Series> rewards = new ArrayList<>();
        List<LineChart.Series> kls = new ArrayList<>();
        int index = 0;
        for (Map.Entry<String, List<CurvePoint>> e : curves.entrySet()) {
            List<CurvePoint> points = e.getValue();
            double[] x = points.stream().mapToDouble(CurvePoint::iteration).toArray();
            String c = results.setup().models().containsKey(e.getKey()) || results.model(e.getKey()) != null
                    ? color(e.getKey()) : Palette.color(results.models().size() + index);
            rewards.add(new LineChart.Series(e.getKey(), c, x, points.stream().mapToDouble(CurvePoint::reward).toArray()));
            kls.add(new LineChart.Series(e.getKey(), c, x, points.stream().mapToDouble(CurvePoint::kl).toArray()));
            index++;
        }
        out.append("<section id=\"training-curves\">\n<h2>Training curves</h2>\n<p class=\"note\">Mean reward-model score of "
                + "each iteration's responses, and their KL from the SFT model that the penalty holds back.</p>\n<div class=\"panels\">\n")
                .append(LineChart.svg("Reward (objective/scores)", rewards))
                .append(LineChart.svg("KL from SFT (objective/kl, nats)", kls))
                .append("</div>\n</section>\n");
    }

    private void samples() {
        if (results.samples().isEmpty()) {
            return;
        }
        out.append("<section id=\"samples\">\n<h2>Samples</h2>\n");
        for (Sample s : results.samples()) {
            out.append("<div class=\"sample\">\n<div class=\"prompt\"><b>Prompt</b>");
            if (s.promptId() != null) {
                out.append("<span class=\"id\">").append(esc(s.promptId())).append("</span>");
            }
            out.append("\n").append(esc(s.prompt())).append("</div>\n");
            s.outputs().forEach((model, text) -> out.append("<div class=\"output\"><div class=\"model\">").append(swatch(model))
                    .append(esc(model)).append("</div><div class=\"text\">").append(esc(text)).append("</div></div>\n"));
            out.append("</div>\n");
        }
        out.append("</section>\n");
    }

    /** The colour of a model: its place in the results' list, else in the setup's (a model with no figures but samples). */
    private String color(String model) {
        for (int i = 0; i < results.models().size(); i++) {
            if (results.models().get(i).name().equals(model)) {
                return Palette.color(i);
            }
        }
        int i = new ArrayList<>(results.setup().models().keySet()).indexOf(model);
        return i < 0 ? "#8c959f" : Palette.color(results.models().size() + i);
    }

    /** Judge groups get colours of their own, so that they are not read as models. */
    private static final String[] GROUP_COLORS = {"#00798c", "#d1495b", "#edae49", "#30638e", "#66a182"};

    private static String groupColor(int g) {
        return GROUP_COLORS[g % GROUP_COLORS.length];
    }

    private String swatch(String model) {
        return "<span class=\"swatch\" style=\"background:" + color(model) + "\"></span>";
    }

    private String legend(Set<String> models) {
        StringBuilder b = new StringBuilder("<div class=\"legend\">");
        models.forEach(m -> b.append("<span class=\"key\">").append(swatch(m)).append(esc(m)).append("</span>"));
        return b.append("</div>\n").toString();
    }

    private static String esc(String s) {
        return Html.escape(s);
    }
}
