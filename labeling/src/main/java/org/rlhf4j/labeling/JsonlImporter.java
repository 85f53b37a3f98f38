package org.rlhf4j.labeling;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.rlhf4j.labeling.db.Database;

/**
 * Loads prompts ({@code {"prompt": ...}}) and candidate outputs
 * ({@code {"prompt_id" | "prompt", "model", "output"}}) from JSONL files. A file is read
 * whole before anything is written and goes in as one transaction: a bad line stops the
 * import with the file and line named, and nothing of that file is stored.
 */
public final class JsonlImporter {
    /** What an import did. */
    public record Result(int added, int skipped) { }

    private record Line(int number, JsonNode node) { }

    private record CandidateLine(int number, Long promptId, String promptText, String model, String output) { }

    private final Database db;

    public JsonlImporter(Database db) {
        this.db = db;
    }

    /** Adds the file's prompts; a prompt whose exact text is already there is skipped. */
    public Result importPrompts(Path file) throws IOException {
        List<String> prompts = new ArrayList<>();
        for (Line line : read(file)) {
            prompts.add(text(file, line, "prompt"));
        }
        return db.transaction(c -> {
            Map<String, Long> existing = ProjectStore.promptIdsByText(c);
            int added = 0;
            for (String p : prompts) {
                if (!existing.containsKey(p)) {
                    existing.put(p, ProjectStore.insertPrompt(c, p));
                    added++;
                }
            }
            return new Result(added, prompts.size() - added);
        });
    }

    /**
     * Attaches the file's outputs to prompts named by {@code prompt_id}, or by their exact
     * {@code prompt} text (a prompt not yet there is added).
     */
    public Result importCandidates(Path file) throws IOException {
        List<CandidateLine> rows = new ArrayList<>();
        for (Line line : read(file)) {
            JsonNode n = line.node();
            boolean hasId = n.has("prompt_id");
            boolean hasText = n.has("prompt");
            if (hasId == hasText) {
                throw problem(file, line.number(), "needs exactly one of \"prompt_id\" and \"prompt\"");
            }
            Long id = null;
            if (hasId) {
                if (!n.get("prompt_id").canConvertToLong() || !n.get("prompt_id").isIntegralNumber()) {
                    throw problem(file, line.number(), "\"prompt_id\" must be an integer");
                }
                id = n.get("prompt_id").asLong();
            }
            String model = n.has("model") ? text(file, line, "model") : "unknown";
            rows.add(new CandidateLine(line.number(), id, hasText ? text(file, line, "prompt") : null, model,
                    text(file, line, "output")));
        }
        return db.transaction(c -> {
            Map<String, Long> byText = ProjectStore.promptIdsByText(c);
            for (CandidateLine row : rows) {
                long promptId;
                if (row.promptId() != null) {
                    if (!ProjectStore.promptExists(c, row.promptId())) {
                        throw problem(file, row.number(), "no prompt with id " + row.promptId());
                    }
                    promptId = row.promptId();
                } else {
                    promptId = byTextOrNew(c, byText, row.promptText());
                }
                ProjectStore.insertCandidate(c, promptId, row.model(), row.output());
            }
            return new Result(rows.size(), 0);
        });
    }

    private static long byTextOrNew(Connection c, Map<String, Long> byText, String text) throws SQLException {
        Long id = byText.get(text);
        if (id == null) {
            id = ProjectStore.insertPrompt(c, text);
            byText.put(text, id);
        }
        return id;
    }

    private static List<Line> read(Path file) throws IOException {
        List<Line> lines = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String s;
            int number = 0;
            while ((s = r.readLine()) != null) {
                number++;
                if (s.isBlank()) {
                    continue;
                }
                JsonNode node;
                try {
                    node = Json.MAPPER.readTree(s);
                } catch (JsonProcessingException e) {
                    throw problem(file, number, "not valid JSON: " + e.getOriginalMessage());
                }
                if (node == null || !node.isObject()) {
                    throw problem(file, number, "expected a JSON object");
                }
                lines.add(new Line(number, node));
            }
        }
        if (lines.isEmpty()) {
            throw new InvalidSubmissionException(file + ": no records");
        }
        return lines;
    }

    private static String text(Path file, Line line, String field) {
        JsonNode v = line.node().get(field);
        if (v == null) {
            throw problem(file, line.number(), "missing field \"" + field + "\"");
        }
        if (!v.isTextual() || v.asText().isBlank()) {
            throw problem(file, line.number(), "field \"" + field + "\" must be a non-empty string");
        }
        return v.asText();
    }

    private static InvalidSubmissionException problem(Path file, int line, String message) {
        return new InvalidSubmissionException(file + ":" + line + ": " + message);
    }
}
