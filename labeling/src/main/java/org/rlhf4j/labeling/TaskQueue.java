package org.rlhf4j.labeling;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.rlhf4j.labeling.db.Database;

/**
 * Hands out work. A labeler asks for the next task of a type; the queue picks the oldest
 * prompt that this labeler has not had and that fewer than {@code overlap} labelers have
 * taken (a skip gives the prompt back, and such prompts go first), and records the task. A labeler only ever sees tasks
 * assigned to them.
 */
public final class TaskQueue {
    /** A task as listed in a labeler's queue. */
    public record TaskRow(long id, TaskType type, String status, String prompt) { }

    private final Database db;

    public TaskQueue(Database db) {
        this.db = db;
    }

    /** The labeler's open task of this type, or a newly assigned one; empty when none is left. */
    public Optional<Long> next(long labelerId, TaskType type) {
        return db.transaction(c -> {
            // Serialises assignment (a row lock on PostgreSQL, the write lock on SQLite), so
            // two labelers asking at once cannot push a prompt past its overlap.
            try (PreparedStatement s = c.prepareStatement("UPDATE project SET assignments = assignments + 1 WHERE id = 1")) {
                s.executeUpdate();
            }
            ProjectSettings settings = ProjectStore.settings(c);
            if (!settings.enabled(type)) {
                return Optional.<Long>empty();
            }
            Optional<Long> open = openTask(c, labelerId, type);
            if (open.isPresent()) {
                return open;
            }
            // Oldest first: prompts given back by a skip, then prompts past this labeler's
            // newest task (a short search even on big projects), then any prompt at all
            // (finds prompts opened up later, e.g. by a larger overlap).
            Optional<Long> prompt = freePrompt(c, labelerId, type, settings, Scope.GIVEN_BACK);
            if (prompt.isEmpty()) {
                prompt = freePrompt(c, labelerId, type, settings, Scope.AFTER_OWN_NEWEST);
            }
            if (prompt.isEmpty()) {
                prompt = freePrompt(c, labelerId, type, settings, Scope.ALL);
            }
            if (prompt.isEmpty()) {
                return Optional.<Long>empty();
            }
            String candidateIds = null;
            if (type == TaskType.RANKING) {
                List<Long> ids = firstCandidates(c, prompt.get(), settings.k());
                // Shown in an order of their own per labeler, so that position does not
                // favour the same output for everyone.
                Collections.shuffle(ids, new Random(prompt.get() * 1_000_003L + labelerId));
                candidateIds = Json.write(ids);
            }
            try (PreparedStatement s = c.prepareStatement("""
                    INSERT INTO tasks (prompt_id, labeler_id, type, status, candidate_ids, created_at)
                    VALUES (?, ?, ?, 'open', ?, ?) RETURNING id""")) {
                s.setLong(1, prompt.get());
                s.setLong(2, labelerId);
                s.setString(3, type.dbName());
                s.setString(4, candidateIds);
                s.setLong(5, System.currentTimeMillis());
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    return Optional.of(rs.getLong(1));
                }
            }
        });
    }

    private static Optional<Long> openTask(Connection c, long labelerId, TaskType type) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT id FROM tasks WHERE labeler_id = ? AND type = ? AND status = 'open' ORDER BY id LIMIT 1")) {
            s.setLong(1, labelerId);
            s.setString(2, type.dbName());
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        }
    }

    /** Where {@link #freePrompt} looks. */
    private enum Scope { GIVEN_BACK, AFTER_OWN_NEWEST, ALL }

    private static Optional<Long> freePrompt(Connection c, long labelerId, TaskType type, ProjectSettings settings,
                                             Scope scope) throws SQLException {
        boolean afterOwnNewest = scope == Scope.AFTER_OWN_NEWEST;
        String sql = "SELECT p.id FROM prompts p WHERE "
                + (afterOwnNewest ? "p.id > (SELECT COALESCE(MAX(m.prompt_id), 0) FROM tasks m WHERE m.labeler_id = ? AND m.type = ?) AND " : "")
                + (scope == Scope.GIVEN_BACK ? "p.id IN (SELECT g.prompt_id FROM tasks g WHERE g.type = ? AND g.status = 'skipped') AND " : "")
                + "NOT EXISTS (SELECT 1 FROM tasks t WHERE t.prompt_id = p.id AND t.type = ? AND t.labeler_id = ?) "
                + "AND (SELECT COUNT(*) FROM tasks t WHERE t.prompt_id = p.id AND t.type = ? AND t.status <> 'skipped') < ? "
                + (type == TaskType.RANKING ? "AND (SELECT COUNT(*) FROM candidates x WHERE x.prompt_id = p.id) >= ? " : "")
                + "ORDER BY p.id LIMIT 1";
        try (PreparedStatement s = c.prepareStatement(sql)) {
            int i = 1;
            if (afterOwnNewest) {
                s.setLong(i++, labelerId);
                s.setString(i++, type.dbName());
            }
            if (scope == Scope.GIVEN_BACK) {
                s.setString(i++, type.dbName());
            }
            s.setString(i++, type.dbName());
            s.setLong(i++, labelerId);
            s.setString(i++, type.dbName());
            s.setInt(i++, settings.overlap());
            if (type == TaskType.RANKING) {
                s.setInt(i, settings.k());
            }
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        }
    }

    /** The prompt's first K candidates: every labeler of the prompt ranks the same set. */
    private static List<Long> firstCandidates(Connection c, long promptId, int k) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT id FROM candidates WHERE prompt_id = ? ORDER BY id LIMIT ?")) {
            s.setLong(1, promptId);
            s.setInt(2, k);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
        }
        return ids;
    }

    /** The task if it is this labeler's; empty for anyone else's (which is not told apart from none). */
    public Optional<Task> task(long taskId, long labelerId) {
        return db.read(c -> load(c, taskId).filter(t -> t.labelerId() == labelerId));
    }

    static Optional<Task> load(Connection c, long taskId) throws SQLException {
        long promptId;
        long labelerId;
        String prompt;
        TaskType type;
        String status;
        String candidateIds;
        try (PreparedStatement s = c.prepareStatement("""
                SELECT t.prompt_id, t.labeler_id, p.text, t.type, t.status, t.candidate_ids
                FROM tasks t JOIN prompts p ON p.id = t.prompt_id WHERE t.id = ?""")) {
            s.setLong(1, taskId);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                promptId = rs.getLong(1);
                labelerId = rs.getLong(2);
                prompt = rs.getString(3);
                type = TaskType.parse(rs.getString(4));
                status = rs.getString(5);
                candidateIds = rs.getString(6);
            }
        }
        List<Candidate> candidates = new ArrayList<>();
        if (candidateIds != null) {
            Map<Long, Candidate> byId = new HashMap<>();
            try (PreparedStatement s = c.prepareStatement("SELECT id, prompt_id, model, output FROM candidates WHERE prompt_id = ?")) {
                s.setLong(1, promptId);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        byId.put(rs.getLong(1), new Candidate(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4)));
                    }
                }
            }
            for (long id : Json.longs(candidateIds)) {
                candidates.add(byId.get(id));
            }
        }
        return Optional.of(new Task(taskId, promptId, prompt, labelerId, type, status, List.copyOf(candidates)));
    }

    /** The labeler's own tasks, newest first: open ones to do, finished ones to look back at. */
    public List<TaskRow> tasksOf(long labelerId, int limit) {
        return db.read(c -> {
            List<TaskRow> rows = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("""
                    SELECT t.id, t.type, t.status, p.text FROM tasks t JOIN prompts p ON p.id = t.prompt_id
                    WHERE t.labeler_id = ? ORDER BY t.id DESC LIMIT ?""")) {
                s.setLong(1, labelerId);
                s.setInt(2, limit);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new TaskRow(rs.getLong(1), TaskType.parse(rs.getString(2)), rs.getString(3), rs.getString(4)));
                    }
                }
            }
            return rows;
        });
    }
}
