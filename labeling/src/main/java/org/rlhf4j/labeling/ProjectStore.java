package org.rlhf4j.labeling;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.rlhf4j.labeling.db.Database;

/** The project: its settings, prompts and candidate outputs, and how far the work has got. */
public final class ProjectStore {
    /** A prompt as listed on the admin page. */
    public record PromptRow(long id, String text, int candidates, int demonstrations, int rankings) { }

    /** A prompt and how many outputs one model has for it. */
    public record PromptOutputs(long id, String text, int outputs) { }

    /** Per-labeler counts for the progress page. */
    public record LabelerProgress(String name, String role, int open, int demonstrations, int rankings, int skipped) { }

    /** Whole-project counts for the progress page. */
    public record Totals(int prompts, int candidates, int rankablePrompts, int demonstrations, int rankings, int skipped) { }

    private final Database db;

    public ProjectStore(Database db) {
        this.db = db;
    }

    public ProjectSettings settings() {
        return db.read(ProjectStore::settings);
    }

    static ProjectSettings settings(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT name, k, overlap, demonstrations_enabled, rankings_enabled FROM project WHERE id = 1");
             ResultSet rs = s.executeQuery()) {
            rs.next();
            return new ProjectSettings(rs.getString(1), rs.getInt(2), rs.getInt(3), rs.getInt(4) != 0, rs.getInt(5) != 0);
        }
    }

    public void update(ProjectSettings settings) {
        db.transaction(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "UPDATE project SET name = ?, k = ?, overlap = ?, demonstrations_enabled = ?, rankings_enabled = ? WHERE id = 1")) {
                s.setString(1, settings.name());
                s.setInt(2, settings.k());
                s.setInt(3, settings.overlap());
                s.setInt(4, settings.demonstrations() ? 1 : 0);
                s.setInt(5, settings.rankings() ? 1 : 0);
                return s.executeUpdate();
            }
        });
    }

    /** Adds a prompt and returns its id. */
    public long addPrompt(String text) {
        return db.transaction(c -> insertPrompt(c, checkedPrompt(text)));
    }

    /** Adds a candidate output to an existing prompt and returns its id. */
    public long addCandidate(long promptId, String model, String output) {
        return db.transaction(c -> {
            if (!promptExists(c, promptId)) {
                throw new InvalidSubmissionException("no prompt with id " + promptId);
            }
            return insertCandidate(c, promptId, model, output);
        });
    }

    static String checkedPrompt(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidSubmissionException("a prompt may not be empty");
        }
        return text;
    }

    static long insertPrompt(Connection c, String text) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO prompts (text, created_at) VALUES (?, ?) RETURNING id")) {
            s.setString(1, text);
            s.setLong(2, System.currentTimeMillis());
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    static long insertCandidate(Connection c, long promptId, String model, String output) throws SQLException {
        if (output == null || output.isEmpty()) {
            throw new InvalidSubmissionException("an output may not be empty");
        }
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO candidates (prompt_id, model, output, created_at) VALUES (?, ?, ?, ?) RETURNING id")) {
            s.setLong(1, promptId);
            s.setString(2, model == null || model.isBlank() ? "unknown" : model);
            s.setString(3, output);
            s.setLong(4, System.currentTimeMillis());
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    static boolean promptExists(Connection c, long promptId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM prompts WHERE id = ?")) {
            s.setLong(1, promptId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Prompt text to id, for imports that name prompts by their text. */
    static Map<String, Long> promptIdsByText(Connection c) throws SQLException {
        Map<String, Long> ids = new java.util.HashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT id, text FROM prompts ORDER BY id");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                ids.putIfAbsent(rs.getString(2), rs.getLong(1));
            }
        }
        return ids;
    }

    /** The newest prompts first, with how much work each has. */
    public List<PromptRow> prompts(int limit) {
        return db.read(c -> {
            List<PromptRow> rows = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("""
                    SELECT p.id, p.text,
                      (SELECT COUNT(*) FROM candidates x WHERE x.prompt_id = p.id),
                      (SELECT COUNT(*) FROM tasks t WHERE t.prompt_id = p.id AND t.type = 'demonstration' AND t.status = 'done'),
                      (SELECT COUNT(*) FROM tasks t WHERE t.prompt_id = p.id AND t.type = 'ranking' AND t.status = 'done')
                    FROM prompts p ORDER BY p.id DESC LIMIT ?""")) {
                s.setInt(1, limit);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new PromptRow(rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getInt(4), rs.getInt(5)));
                    }
                }
            }
            return rows;
        });
    }

    /** Every prompt, oldest first, with the number of outputs stored under {@code model}. */
    public List<PromptOutputs> outputsOf(String model) {
        return db.read(c -> {
            List<PromptOutputs> rows = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("""
                    SELECT p.id, p.text, (SELECT COUNT(*) FROM candidates x WHERE x.prompt_id = p.id AND x.model = ?)
                    FROM prompts p ORDER BY p.id""")) {
                s.setString(1, model);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new PromptOutputs(rs.getLong(1), rs.getString(2), rs.getInt(3)));
                    }
                }
            }
            return rows;
        });
    }

    public Totals totals() {
        return db.read(c -> {
            int k = settings(c).k();
            try (PreparedStatement s = c.prepareStatement("""
                    SELECT (SELECT COUNT(*) FROM prompts),
                           (SELECT COUNT(*) FROM candidates),
                           (SELECT COUNT(*) FROM prompts p WHERE (SELECT COUNT(*) FROM candidates x WHERE x.prompt_id = p.id) >= ?),
                           (SELECT COUNT(*) FROM demonstrations),
                           (SELECT COUNT(*) FROM rankings),
                           (SELECT COUNT(*) FROM skips)""")) {
                s.setInt(1, k);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    return new Totals(rs.getInt(1), rs.getInt(2), rs.getInt(3), rs.getInt(4), rs.getInt(5), rs.getInt(6));
                }
            }
        });
    }

    public List<LabelerProgress> labelerProgress() {
        return db.read(c -> {
            List<LabelerProgress> rows = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("""
                    SELECT u.name, u.role,
                      (SELECT COUNT(*) FROM tasks t WHERE t.labeler_id = u.id AND t.status = 'open'),
                      (SELECT COUNT(*) FROM tasks t WHERE t.labeler_id = u.id AND t.status = 'done' AND t.type = 'demonstration'),
                      (SELECT COUNT(*) FROM tasks t WHERE t.labeler_id = u.id AND t.status = 'done' AND t.type = 'ranking'),
                      (SELECT COUNT(*) FROM tasks t WHERE t.labeler_id = u.id AND t.status = 'skipped')
                    FROM users u ORDER BY u.name""");
                 ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.add(new LabelerProgress(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getInt(4), rs.getInt(5), rs.getInt(6)));
                }
            }
            return rows;
        });
    }
}
