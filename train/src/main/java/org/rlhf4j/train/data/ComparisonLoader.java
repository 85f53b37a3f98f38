package org.rlhf4j.train.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Comparisons from JSONL: pairwise {@code {"prompt", "chosen", "rejected"}} or K-wise
 * {@code {"prompt", "responses": [r0..rK-1], "ranking": [...]}} (see {@link Ranking} for the
 * ranking's form). A file may mix the two; a record may not.
 */
public final class ComparisonLoader {

    private ComparisonLoader() {
    }

    /** All comparisons of a file, in order. */
    public static List<Comparison> load(Path file, BadRecords bad) {
        List<Comparison> out = new ArrayList<>();
        JsonlReader.read(file, bad, (record, source) -> out.add(parse(record, source)));
        return out;
    }

    static Comparison parse(ObjectNode record, Source source) {
        boolean kWise = record.has("responses") || record.has("ranking");
        boolean pairwise = record.has("chosen") || record.has("rejected");
        if (kWise && pairwise) {
            throw new RecordProblem("has both \"chosen\"/\"rejected\" and \"responses\"/\"ranking\"; a record is one or the other");
        }
        if (!kWise && !pairwise) {
            throw new RecordProblem("needs \"chosen\" and \"rejected\", or \"responses\" and \"ranking\"");
        }
        String prompt = JsonFields.string(record, "prompt");
        if (pairwise) {
            return Comparison.pairwise(prompt, JsonFields.string(record, "chosen"), JsonFields.string(record, "rejected"), source);
        }
        JsonNode array = JsonFields.array(record, "responses");
        List<String> responses = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            responses.add(JsonFields.string(array.get(i), "responses[" + i + "]"));
        }
        if (responses.size() < 2) {
            throw new RecordProblem("field \"responses\" needs at least 2 responses, got " + responses.size());
        }
        Ranking ranking = Ranking.parse(JsonFields.required(record, "ranking"), responses.size());
        return new Comparison(prompt, responses, ranking, source);
    }
}
