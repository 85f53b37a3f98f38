package org.rlhf4j.eval.judges;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.rlhf4j.train.data.BadRecords;
import org.rlhf4j.train.data.DatasetException;
import org.rlhf4j.train.data.JsonlReader;

/**
 * People's rankings as judgments: the labeling app's {@code comparisons.jsonl} export, whose lines
 * name the model behind each response ({@code "models"}), turned into each model's verdicts against
 * a baseline. A line that ranks both gives one verdict: 1 when the model's response is ranked above
 * the baseline's, 0.5 when tied, 0 when below. Verdicts are grouped by prompt, as for simulated judges.
 */
public final class PeopleJudgments {
    private record Line(String prompt, List<String> models, int[] groupOf) { }

    private final Path file;
    private final List<Line> lines;

    private PeopleJudgments(Path file, List<Line> lines) {
        this.file = file;
        this.lines = lines;
    }

    public static PeopleJudgments load(Path file) {
        List<Line> lines = new ArrayList<>();
        JsonlReader.read(file, BadRecords.failing(), (record, source) -> {
            JsonNode models = record.get("models");
            JsonNode ranking = record.get("ranking");
            JsonNode prompt = record.get("prompt");
            if (models == null || !models.isArray()) {
                throw new DatasetException(source, "field \"models\" is missing: export the rankings with "
                        + "`rlhf4j label export` (it names the model behind each response)");
            }
            if (ranking == null || !ranking.isArray()) {
                throw new DatasetException(source, "field \"ranking\" must be a list of groups of response indices");
            }
            if (prompt == null || !prompt.isTextual()) {
                throw new DatasetException(source, "field \"prompt\" must be a string");
            }
            List<String> names = new ArrayList<>();
            models.forEach(m -> names.add(m.asText()));
            int[] groupOf = new int[names.size()];
            java.util.Arrays.fill(groupOf, -1);
            for (int g = 0; g < ranking.size(); g++) {
                for (JsonNode i : ranking.get(g)) {
                    int index = i.asInt(-1);
                    if (index < 0 || index >= names.size()) {
                        throw new DatasetException(source, "field \"ranking\" names response " + i + ", but there are "
                                + names.size());
                    }
                    groupOf[index] = g;
                }
            }
            lines.add(new Line(prompt.asText(), names, groupOf));
        });
        return new PeopleJudgments(file, lines);
    }

    public Path file() {
        return file;
    }

    /** Every model named in the file. */
    public Set<String> models() {
        Set<String> all = new TreeSet<>();
        lines.forEach(l -> all.addAll(l.models()));
        return all;
    }

    /**
     * The verdicts on {@code model} against {@code baseline}: one array per prompt that has a line
     * ranking both, one entry per such line.
     */
    public List<double[]> versusBaseline(String model, String baseline) {
        Map<String, List<Double>> byPrompt = new LinkedHashMap<>();
        for (Line line : lines) {
            int m = line.models().indexOf(model);
            int b = line.models().indexOf(baseline);
            if (m < 0 || b < 0 || line.groupOf()[m] < 0 || line.groupOf()[b] < 0) {
                continue;
            }
            int gm = line.groupOf()[m];
            int gb = line.groupOf()[b];
            double verdict = gm < gb ? 1 : gm == gb ? 0.5 : 0;
            byPrompt.computeIfAbsent(line.prompt(), k -> new ArrayList<>()).add(verdict);
        }
        List<double[]> out = new ArrayList<>();
        byPrompt.values().forEach(v -> out.add(v.stream().mapToDouble(Double::doubleValue).toArray()));
        return out;
    }
}
