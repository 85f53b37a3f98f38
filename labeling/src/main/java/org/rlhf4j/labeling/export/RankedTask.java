package org.rlhf4j.labeling.export;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.rlhf4j.labeling.Json;
import org.rlhf4j.labeling.db.Database;

/** A finished ranking as stored: who ranked which prompt, and the groups of candidate ids. */
record RankedTask(long taskId, long promptId, String prompt, String labeler, List<Long> candidateIds,
                  List<List<Long>> groups) {

    static List<RankedTask> all(Database db) {
        return db.read(c -> {
            List<RankedTask> rows = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("""
                    SELECT t.id, t.prompt_id, p.text, u.name, t.candidate_ids, r.ranking
                    FROM rankings r JOIN tasks t ON t.id = r.task_id JOIN prompts p ON p.id = t.prompt_id
                    JOIN users u ON u.id = t.labeler_id ORDER BY t.id""");
                 ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.add(new RankedTask(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                            Json.longs(rs.getString(5)), Json.groups(rs.getString(6))));
                }
            }
            return rows;
        });
    }
}
