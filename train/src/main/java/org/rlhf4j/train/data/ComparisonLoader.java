package org.rlhf4j.train.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rlhf4j.model.tokenizer.ChatMessage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Comparisons from JSONL: pairwise {@code {"prompt", "chosen", "rejected"}} or K-wise
 * {@code {"prompt", "responses": [r0..rK-1], "ranking": [...]}} (see {@link Ranking} for the
 * ranking's form). A file may mix the two; a record may not. The prompt may be a conversation,
 * as {@code "messages": [{"role", "content"}...]} or, as TRL writes conversational preference
 * data, a {@code "prompt"} that is such a list, with {@code chosen}/{@code rejected} either
 * strings or one-message assistant lists; each response is then the next assistant turn.
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
        if (record.has("messages") && record.has("prompt")) {
            throw new RecordProblem("has both \"messages\" and \"prompt\"; the prompt is one or the other");
        }
        List<ChatMessage> messages = null;
        String prompt = null;
        if (record.has("messages")) {
            messages = DemonstrationLoader.messages(record, "messages");
        } else if (record.path("prompt").isArray()) {
            messages = DemonstrationLoader.messages(record, "prompt");
        } else {
            prompt = JsonFields.string(record, "prompt");
        }
        if (messages != null && messages.isEmpty()) {
            throw new RecordProblem("the conversation is empty");
        }
        if (messages != null && messages.getLast().role().equals("assistant")) {
            throw new RecordProblem("the conversation ends with an assistant turn; the responses are the next one");
        }
        if (pairwise) {
            return new Comparison(prompt, messages, List.of(response(record, "chosen"), response(record, "rejected")),
                    Ranking.pairwise(), source);
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
        return new Comparison(prompt, messages, responses, ranking, source);
    }

    /** A response: a string, or (TRL's conversational form) a list holding one assistant message. */
    private static String response(ObjectNode record, String field) {
        JsonNode value = JsonFields.required(record, field);
        if (!value.isArray() || value.isEmpty() || !value.get(0).isObject()) {
            return JsonFields.string(record, field);
        }
        List<ChatMessage> turn = DemonstrationLoader.messages(record, field);
        if (turn.size() != 1 || !turn.getFirst().role().equals("assistant")) {
            throw new RecordProblem("field \"" + field + "\" as a list must hold one assistant message");
        }
        return turn.getFirst().content();
    }
}
