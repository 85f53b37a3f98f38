package org.rlhf4j.labeling.export;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.rlhf4j.labeling.Json;
import org.rlhf4j.labeling.db.Database;

/**
 * Writes the labeled data in the trainer's formats:
 * {@code demonstrations.jsonl} ({@code {"prompt", "completion"}}, for SFT),
 * {@code comparisons.jsonl} ({@code {"prompt", "responses", "ranking"}}: one line per
 * finished ranking, responses in a fixed order per prompt, ranking as groups of indices into
 * them, best first, ties grouped; for the reward model; plus {@code "models"}, the model that
 * wrote each response, and {@code "labeler"}, which let {@code rlhf4j eval} turn people's
 * rankings into win rates) and {@code agreement.json}.
 * Each file is written beside its final name, then moved into place.
 */
public final class Exporter {
    /** What was written. */
    public record Result(int demonstrations, int comparisons, Agreement agreement) { }

    private Exporter() {
    }

    public static Result export(Database db, Path dir) throws IOException {
        Files.createDirectories(dir);
        List<ObjectNode> demos = demonstrations(db);
        List<RankedTask> rankings = RankedTask.all(db);
        Map<Long, String[]> outputs = candidateOutputs(db);
        List<ObjectNode> comparisons = new ArrayList<>();
        for (RankedTask r : rankings) {
            comparisons.add(comparison(r, outputs));
        }
        Agreement agreement = Agreement.of(rankings);
        writeLines(dir.resolve("demonstrations.jsonl"), demos);
        writeLines(dir.resolve("comparisons.jsonl"), comparisons);
        write(dir.resolve("agreement.json"), Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(agreementJson(agreement)) + "\n");
        return new Result(demos.size(), comparisons.size(), agreement);
    }

    /** Responses in ascending candidate id, the same order for every labeler of the prompt. */
    static ObjectNode comparison(RankedTask r, Map<Long, String[]> outputs) {
        List<Long> ids = r.candidateIds().stream().sorted().toList();
        Map<Long, Integer> index = new HashMap<>();
        ObjectNode line = Json.MAPPER.createObjectNode();
        line.put("prompt", r.prompt());
        ArrayNode responses = line.putArray("responses");
        for (int i = 0; i < ids.size(); i++) {
            index.put(ids.get(i), i);
            responses.add(outputs.get(ids.get(i))[1]);
        }
        ArrayNode ranking = line.putArray("ranking");
        for (List<Long> group : r.groups()) {
            ArrayNode g = ranking.addArray();
            group.stream().map(index::get).sorted().forEach(g::add);
        }
        ArrayNode models = line.putArray("models");
        ids.forEach(id -> models.add(outputs.get(id)[0]));
        line.put("labeler", r.labeler());
        return line;
    }

    private static List<ObjectNode> demonstrations(Database db) {
        return db.read(c -> {
            List<ObjectNode> lines = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("""
                    SELECT p.text, d.completion FROM demonstrations d JOIN tasks t ON t.id = d.task_id
                    JOIN prompts p ON p.id = t.prompt_id ORDER BY d.task_id""");
                 ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    ObjectNode line = Json.MAPPER.createObjectNode();
                    line.put("prompt", rs.getString(1));
                    line.put("completion", rs.getString(2));
                    lines.add(line);
                }
            }
            return lines;
        });
    }

    /** Candidate id to {model, output} for every rated candidate. */
    private static Map<Long, String[]> candidateOutputs(Database db) {
        return db.read(c -> {
            Map<Long, String[]> outputs = new HashMap<>();
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT id, model, output FROM candidates WHERE id IN (SELECT DISTINCT r.candidate_id FROM ratings r)");
                 ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    outputs.put(rs.getLong(1), new String[] {rs.getString(2), rs.getString(3)});
                }
            }
            return outputs;
        });
    }

    static ObjectNode agreementJson(Agreement a) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        if (a.compared() > 0) {
            o.put("pairwise_agreement", a.rate());
        } else {
            o.putNull("pairwise_agreement");
        }
        o.put("agreeing_pairs", a.agreeing());
        o.put("compared_pairs", a.compared());
        o.put("ties_excluded", a.tiesExcluded());
        o.put("overlapping_prompts", a.overlappingPrompts());
        ArrayNode pairs = o.putArray("labeler_pairs");
        for (Agreement.LabelerPair p : a.labelerPairs()) {
            ObjectNode n = pairs.addObject();
            n.put("a", p.a());
            n.put("b", p.b());
            n.put("prompts", p.prompts());
            n.put("agreeing_pairs", p.agreeing());
            n.put("compared_pairs", p.compared());
            if (p.compared() > 0) {
                n.put("agreement", p.rate());
            } else {
                n.putNull("agreement");
            }
        }
        return o;
    }

    private static void writeLines(Path file, List<ObjectNode> lines) throws IOException {
        StringBuilder s = new StringBuilder();
        for (ObjectNode line : lines) {
            s.append(Json.MAPPER.writeValueAsString(line)).append('\n');
        }
        write(file, s.toString());
    }

    private static void write(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            w.write(text);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
