package org.rlhf4j.labeling;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.rlhf4j.labeling.db.Database;

/**
 * Stores finished work. Each submission is one transaction that closes the task
 * ({@code open -> done|skipped}) and inserts the work; the task row's state change and the
 * one-row-per-task keys make a retried POST find its earlier row rather than add another.
 */
public final class SubmissionStore {
    private static final int MAX_TEXT = 100_000;

    private final Database db;

    public SubmissionStore(Database db) {
        this.db = db;
    }

    public SubmitResult submitDemonstration(long labelerId, long taskId, String submissionId, String completion) {
        String id = checkedSubmissionId(submissionId);
        if (completion == null || completion.isBlank()) {
            throw new InvalidSubmissionException("the demonstration is empty");
        }
        if (completion.length() > MAX_TEXT) {
            throw new InvalidSubmissionException("the demonstration is longer than " + MAX_TEXT + " characters");
        }
        return db.transaction(c -> {
            Optional<Task> task = TaskQueue.load(c, taskId).filter(t -> t.labelerId() == labelerId);
            if (task.isEmpty()) {
                return SubmitResult.NOT_FOUND;
            }
            if (task.get().type() != TaskType.DEMONSTRATION) {
                throw new InvalidSubmissionException("task " + taskId + " is a ranking task");
            }
            if (!close(c, taskId, Task.DONE)) {
                return earlier(c, "demonstrations", taskId, id);
            }
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO demonstrations (task_id, submission_id, completion, created_at) VALUES (?, ?, ?, ?)")) {
                s.setLong(1, taskId);
                s.setString(2, id);
                s.setString(3, completion);
                s.setLong(4, System.currentTimeMillis());
                s.executeUpdate();
            }
            return SubmitResult.SAVED;
        });
    }

    public SubmitResult submitRanking(long labelerId, long taskId, RankingSubmission submission) {
        String id = checkedSubmissionId(submission.submissionId());
        return db.transaction(c -> {
            Optional<Task> task = TaskQueue.load(c, taskId).filter(t -> t.labelerId() == labelerId);
            if (task.isEmpty()) {
                return SubmitResult.NOT_FOUND;
            }
            if (task.get().type() != TaskType.RANKING) {
                throw new InvalidSubmissionException("task " + taskId + " is a demonstration task");
            }
            validate(task.get(), submission);
            if (!close(c, taskId, Task.DONE)) {
                return earlier(c, "rankings", taskId, id);
            }
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO rankings (task_id, submission_id, ranking, created_at) VALUES (?, ?, ?, ?)")) {
                s.setLong(1, taskId);
                s.setString(2, id);
                s.setString(3, Json.write(submission.groups()));
                s.setLong(4, System.currentTimeMillis());
                s.executeUpdate();
            }
            // Flag columns come from the Flag enum, never from the request.
            String columns = java.util.Arrays.stream(Flag.values()).map(Flag::column).collect(Collectors.joining(", "));
            String marks = ", ?".repeat(Flag.values().length);
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO ratings (task_id, candidate_id, likert, " + columns + ") VALUES (?, ?, ?" + marks + ")")) {
                for (OutputRating r : submission.ratings()) {
                    s.setLong(1, taskId);
                    s.setLong(2, r.candidateId());
                    s.setInt(3, r.likert());
                    int i = 4;
                    for (Flag f : Flag.values()) {
                        s.setInt(i++, r.flags().contains(f) ? 1 : 0);
                    }
                    s.addBatch();
                }
                s.executeBatch();
            }
            return SubmitResult.SAVED;
        });
    }

    public SubmitResult skip(long labelerId, long taskId, String submissionId, String reason) {
        String id = checkedSubmissionId(submissionId);
        String why = reason == null ? "" : reason.strip();
        if (why.isEmpty()) {
            throw new InvalidSubmissionException("say why the task is skipped");
        }
        if (why.length() > 2000) {
            throw new InvalidSubmissionException("the reason is longer than 2000 characters");
        }
        return db.transaction(c -> {
            if (TaskQueue.load(c, taskId).filter(t -> t.labelerId() == labelerId).isEmpty()) {
                return SubmitResult.NOT_FOUND;
            }
            if (!close(c, taskId, Task.SKIPPED)) {
                return earlier(c, "skips", taskId, id);
            }
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO skips (task_id, submission_id, reason, created_at) VALUES (?, ?, ?, ?)")) {
                s.setLong(1, taskId);
                s.setString(2, id);
                s.setString(3, why);
                s.setLong(4, System.currentTimeMillis());
                s.executeUpdate();
            }
            return SubmitResult.SAVED;
        });
    }

    /** The stored ranking of a task (groups of candidate ids, best first), if any. */
    public Optional<List<List<Long>>> ranking(long taskId) {
        return db.read(c -> text(c, "SELECT ranking FROM rankings WHERE task_id = ?", taskId).map(Json::groups));
    }

    public Optional<String> demonstration(long taskId) {
        return db.read(c -> text(c, "SELECT completion FROM demonstrations WHERE task_id = ?", taskId));
    }

    public Optional<String> skipReason(long taskId) {
        return db.read(c -> text(c, "SELECT reason FROM skips WHERE task_id = ?", taskId));
    }

    /** The stored ratings of a task by candidate id. */
    public Map<Long, OutputRating> ratings(long taskId) {
        return db.read(c -> {
            List<OutputRating> rows = new ArrayList<>();
            String columns = java.util.Arrays.stream(Flag.values()).map(Flag::column).collect(Collectors.joining(", "));
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT candidate_id, likert, " + columns + " FROM ratings WHERE task_id = ?")) {
                s.setLong(1, taskId);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        Set<Flag> flags = new HashSet<>();
                        for (int i = 0; i < Flag.values().length; i++) {
                            if (rs.getInt(3 + i) != 0) {
                                flags.add(Flag.values()[i]);
                            }
                        }
                        rows.add(new OutputRating(rs.getLong(1), rs.getInt(2), flags));
                    }
                }
            }
            return rows.stream().collect(Collectors.toMap(OutputRating::candidateId, Function.identity()));
        });
    }

    private static Optional<String> text(Connection c, String sql, long taskId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setLong(1, taskId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /**
     * Moves an open task to {@code status}; false when it was not open. On PostgreSQL a
     * concurrent retry blocks on the row until the first commits, then sees it closed.
     */
    private static boolean close(Connection c, long taskId, String status) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "UPDATE tasks SET status = ?, done_at = ? WHERE id = ? AND status = 'open'")) {
            s.setString(1, status);
            s.setLong(2, System.currentTimeMillis());
            s.setLong(3, taskId);
            return s.executeUpdate() == 1;
        }
    }

    /** The task was closed before: by this very submission (a retry), or by another one. */
    private static SubmitResult earlier(Connection c, String table, long taskId, String submissionId) throws SQLException {
        // table is one of three constants above, never user input.
        try (PreparedStatement s = c.prepareStatement("SELECT submission_id FROM " + table + " WHERE task_id = ?")) {
            s.setLong(1, taskId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() && rs.getString(1).equals(submissionId) ? SubmitResult.ALREADY_SAVED : SubmitResult.CONFLICT;
            }
        }
    }

    private static String checkedSubmissionId(String id) {
        if (id == null || !id.matches("[A-Za-z0-9_-]{8,64}")) {
            throw new InvalidSubmissionException("missing or malformed submission id (reload the task page)");
        }
        return id;
    }

    /** Every shown output rated once, and the groups cover the shown outputs exactly once. */
    private static void validate(Task task, RankingSubmission submission) {
        Set<Long> shown = new HashSet<>();
        task.candidates().forEach(cand -> shown.add(cand.id()));
        Set<Long> rated = new HashSet<>();
        for (OutputRating r : submission.ratings()) {
            if (!shown.contains(r.candidateId()) || !rated.add(r.candidateId())) {
                throw new InvalidSubmissionException("rating for an output not in this task, or rated twice");
            }
        }
        if (!rated.equals(shown)) {
            throw new InvalidSubmissionException("rate every output (1-7)");
        }
        Set<Long> ranked = new HashSet<>();
        for (List<Long> group : submission.groups()) {
            if (group.isEmpty()) {
                throw new InvalidSubmissionException("empty rank group");
            }
            for (long id : group) {
                if (!shown.contains(id) || !ranked.add(id)) {
                    throw new InvalidSubmissionException("ranking names an output not in this task, or one twice");
                }
            }
        }
        if (!ranked.equals(shown)) {
            throw new InvalidSubmissionException("give every output a rank");
        }
    }
}
