package org.rlhf4j.train.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.rlhf4j.model.tokenizer.ChatMessage;

/**
 * Demonstrations from JSONL: {@code {"prompt": ..., "completion": ...}} (strings) or
 * {@code {"messages": [{"role": ..., "content": ...}, ...]}} with roles system, user and
 * assistant and at least one assistant message. A file may mix the two shapes; a record may
 * not (which one would it mean?).
 */
public final class DemonstrationLoader {

    static final Set<String> ROLES = Set.of("system", "user", "assistant");

    private DemonstrationLoader() {
    }

    /** All demonstrations of a file, in order. */
    public static List<Demonstration> load(Path file, BadRecords bad) {
        List<Demonstration> out = new ArrayList<>();
        JsonlReader.read(file, bad, (record, source) -> out.add(parse(record, source)));
        return out;
    }

    static Demonstration parse(ObjectNode record, Source source) {
        boolean conversational = record.has("messages");
        if (conversational && (record.has("prompt") || record.has("completion"))) {
            throw new RecordProblem("has both \"messages\" and \"prompt\"/\"completion\"; a record is one or the other");
        }
        if (conversational) {
            return new Demonstration.Conversation(messages(record), source);
        }
        if (!record.has("prompt") && !record.has("completion")) {
            throw new RecordProblem("needs \"prompt\" and \"completion\", or \"messages\"");
        }
        return new Demonstration.PromptCompletion(
                JsonFields.string(record, "prompt"), JsonFields.string(record, "completion"), source);
    }

    private static List<ChatMessage> messages(ObjectNode record) {
        List<ChatMessage> messages = messages(record, "messages");
        if (messages.stream().noneMatch(m -> m.role().equals("assistant"))) {
            throw new RecordProblem("field \"messages\" has no assistant message");
        }
        return messages;
    }

    /** The array field {@code field} of {"role", "content"} objects, roles checked. */
    static List<ChatMessage> messages(ObjectNode record, String field) {
        JsonNode array = JsonFields.array(record, field);
        List<ChatMessage> messages = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            String name = field + "[" + i + "]";
            if (!(array.get(i) instanceof ObjectNode message)) {
                throw new RecordProblem("field \"" + name + "\" must be an object, got " + JsonFields.typeName(array.get(i)));
            }
            String role = JsonFields.string(message, name + ".role", "role");
            if (!ROLES.contains(role)) {
                throw new RecordProblem("field \"" + name + ".role\": \"" + role + "\" is not one of system, user, assistant");
            }
            String content = JsonFields.string(message, name + ".content", "content");
            messages.add(new ChatMessage(role, content));
        }
        return messages;
    }
}
