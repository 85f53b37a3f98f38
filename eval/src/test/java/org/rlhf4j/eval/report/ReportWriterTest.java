package org.rlhf4j.eval.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rlhf4j.eval.report.EvalResults.ModelInfo;
import org.rlhf4j.eval.report.EvalResults.ModelResult;
import org.rlhf4j.eval.report.EvalResults.Sample;
import org.rlhf4j.eval.report.EvalResults.Setup;
import org.rlhf4j.eval.stats.Interval;
import org.rlhf4j.eval.stats.WinRate;

class ReportWriterTest {
    private static final List<String> OPTIONAL_SECTIONS = List.of("judge-groups", "metadata", "truthfulness", "toxicity",
            "alignment-tax", "reward-model", "training-curves", "samples", "stage-times");

    @TempDir
    Path dir;

    @Test
    void theJsonHasEveryModelsWinRateAndIntervalUnderTheAgreedKeys() throws IOException {
        EvalResults results = FakeResults.realistic();
        ReportWriter.write(results, dir);
        JsonNode json = new ObjectMapper().readTree(dir.resolve("results.json").toFile());
        JsonNode models = json.get("models");
        assertEquals(5, models.size());
        for (int i = 0; i < models.size(); i++) {
            JsonNode m = models.get(i);
            ModelResult expected = results.models().get(i);
            assertEquals(expected.name(), m.get("name").asText());
            assertEquals(expected.winRate(), m.get("win_rate").asDouble());
            assertTrue(m.get("win_rate_ci").isArray() && m.get("win_rate_ci").size() == 2, m.toString());
            assertEquals(expected.winRateCi().lo(), m.get("win_rate_ci").get(0).asDouble());
            assertEquals(expected.winRateCi().hi(), m.get("win_rate_ci").get(1).asDouble());
            assertTrue(m.get("likert").has("mean") && m.get("metadata").get("hallucination").has("ci"));
            assertTrue(m.has("held_out_perplexity") && m.has("kl_to_baseline") && m.has("win_rate_by_judge_group"));
        }
        assertEquals("SFT", json.get("setup").get("baseline").asText());
        assertEquals(1421, json.get("reward_model").get("training_labelers").get("count").asInt());
        assertEquals(64, json.get("training_curves").get("PPO").size());
        assertTrue(json.get("training_curves").get("PPO").get(0).has("kl"));
    }

    @Test
    void theJsonReadsBackAsTheSameResults() {
        EvalResults results = FakeResults.realistic();
        ReportWriter.write(results, dir);
        assertEquals(results, ResultsJson.read(dir.resolve("results.json")));
        EvalResults minimal = FakeResults.minimal();
        assertEquals(minimal, ResultsJson.fromJson(ResultsJson.toJson(minimal)));
    }

    @Test
    void everySectionIsThereWhenItsFiguresAre() throws IOException {
        ReportWriter.write(FakeResults.realistic(), dir);
        String html = read("report.html");
        for (String id : OPTIONAL_SECTIONS) {
            assertTrue(html.contains("id=\"" + id + "\""), id);
        }
        assertTrue(html.contains("id=\"win-rates\""));
        // Figure 1: one dot and one error bar (3 lines) per model, and the dashed 50% line
        String figure1 = section(html, "win-rates");
        assertEquals(5, count(figure1, "<circle"));
        assertEquals(1, count(figure1, "stroke-dasharray"));
        assertEquals(4 + 2, count(section(html, "metadata"), "<svg") + count(section(html, "truthfulness"), "<svg"));
        assertEquals(2, count(section(html, "training-curves"), "<polyline") / 2, "reward and KL, two runs each");
        String md = read("report.md");
        for (String heading : List.of("## Win rate against SFT", "## Win rate by judge group", "## Metadata", "## Truthfulness",
                "## Toxicity", "## Alignment tax", "## Reward model accuracy", "## Training curves", "## Samples")) {
            assertTrue(md.contains(heading), heading);
        }
    }

    @Test
    void absentFiguresLeaveNoEmptySections() throws IOException {
        ReportWriter.write(FakeResults.minimal(), dir);
        String html = read("report.html");
        assertTrue(html.contains("id=\"win-rates\""));
        for (String id : OPTIONAL_SECTIONS) {
            assertFalse(html.contains("id=\"" + id + "\""), id);
        }
        String md = read("report.md");
        assertTrue(md.contains("## Win rate against SFT"));
        for (String heading : List.of("judge group", "Metadata", "Truthfulness", "Toxicity", "Alignment tax", "Reward model",
                "Training curves", "Samples")) {
            assertFalse(md.contains("## " + heading), heading);
        }
        JsonNode json = new ObjectMapper().readTree(dir.resolve("results.json").toFile());
        assertTrue(json.get("reward_model").isNull());
        assertTrue(json.get("models").get(0).get("likert").isNull());
    }

    @Test
    void modelOutputsAndNamesAreEscaped() throws IOException {
        Map<String, ModelInfo> infos = Map.of("<i>PPO</i>", new ModelInfo("runs/<ppo>", 10));
        ModelResult m = ModelResult.of("<i>PPO</i>", WinRate.ofClusters(List.of(new double[] {1}, new double[] {0})),
                null, null, null, null, null, null, null);
        EvalResults results = new EvalResults(new Setup(infos, "SFT & co", "people: \"a\".jsonl", 2, 0, null, null),
                List.of(m), null, null, List.of(new Sample("x", "Say <script>", Map.of("<i>PPO</i>",
                        "</div><script>alert(1)</script><img src=x onerror=alert(2)>"))));
        ReportWriter.write(results, dir);
        String html = read("report.html");
        assertFalse(html.contains("<script"), "a sample must not become a script");
        assertFalse(html.contains("<img"));
        assertFalse(html.contains("<i>PPO"), "model names are text, in tables and in the charts' SVG");
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;"));
        assertTrue(html.contains("SFT &amp; co"));
        assertTrue(read("report.md").contains("```text\n</div><script>"), "samples are fenced code in report.md");
    }

    @Test
    void thePageLoadsNothingFromAnywhere() throws IOException {
        ReportWriter.write(FakeResults.realistic(), dir);
        String html = read("report.html");
        for (String reference : List.of("http://", "https://", "//cdn", "<link", "<script", "@import", "url(", " src=")) {
            assertFalse(html.contains(reference), reference);
        }
        assertTrue(html.contains("<style>") && html.contains("<svg"), "styles and charts are inline");
    }

    @Test
    void theSummaryTableHasOneAlignedRowPerModel() {
        String table = ReportWriter.summaryTable(FakeResults.minimal());
        // PPO: prompt means 1, 1/2, 3/4: rate 0.75; sd 0.25; half = 1.959964 * 0.25 / sqrt(3) = 0.2829
        // so [46.7, 100.0]; no Likert, metadata, truthfulness or perplexity
        String[] lines = table.split("\n");
        assertEquals(3, lines.length, table);
        assertTrue(lines[0].startsWith("model  win rate vs SFT [95% CI]  likert  hallucination  correct  perplexity"), lines[0]);
        assertTrue(lines[1].matches("-+"), lines[1]);
        assertEquals("PPO         75.0% [46.7, 100.0]       -              -        -           -", lines[2]);
        String full = ReportWriter.summaryTable(FakeResults.realistic());
        assertEquals(2 + 5, full.split("\n").length);
        assertTrue(full.lines().skip(2).allMatch(l -> l.length() == full.lines().findFirst().orElseThrow().length()), full);
    }

    @Test
    void writingAgainReplacesTheFilesWholeAndLeavesNoTemporaryFiles() throws IOException {
        ReportWriter.write(FakeResults.realistic(), dir);
        ReportWriter.write(FakeResults.minimal(), dir);
        try (var files = Files.list(dir)) {
            assertEquals(List.of("report.html", "report.md", "results.json"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
        assertFalse(read("report.html").contains("id=\"samples\""));
        assertEquals(new Interval(FakeResults.minimal().models().getFirst().winRateCi().lo(), 1.0),
                ResultsJson.read(dir.resolve("results.json")).models().getFirst().winRateCi());
    }

    private String read(String name) throws IOException {
        return Files.readString(dir.resolve(name), StandardCharsets.UTF_8);
    }

    /** The HTML of one section, from its opening tag to its end. */
    private static String section(String html, String id) {
        int start = html.indexOf("<section id=\"" + id + "\"");
        assertTrue(start >= 0, id);
        return html.substring(start, html.indexOf("</section>", start));
    }

    private static int count(String text, String needle) {
        Matcher m = Pattern.compile(Pattern.quote(needle)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
