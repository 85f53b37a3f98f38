package org.rlhf4j.train.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Reads the fields of a record strictly, with messages naming the field as the user wrote it
 * ({@code field "prompt" is missing}, {@code field "responses[1]" must be a string, got number}),
 * because a type coerced here would be a silently wrong training example later.
 * Extra fields are ignored: exported datasets often carry ids and metadata.
 */
final class JsonFields {

    private JsonFields() {
    }

    /** A required non-empty string field. Whitespace-only counts as empty. */
    static String string(ObjectNode record, String name) {
        return string(record, name, name);
    }

    /** A required non-empty string field {@code key}, named {@code name} in messages ({@code messages[2].content}). */
    static String string(ObjectNode record, String name, String key) {
        JsonNode value = record.get(key);
        if (value == null) {
            throw new RecordProblem("field \"" + name + "\" is missing");
        }
        return string(value, name);
    }

    /** A required non-empty string value, named {@code name} in messages. */
    static String string(JsonNode value, String name) {
        if (!value.isTextual()) {
            throw new RecordProblem("field \"" + name + "\" must be a string, got " + typeName(value));
        }
        String s = value.textValue();
        if (s.isBlank()) {
            throw new RecordProblem("field \"" + name + "\" is empty");
        }
        return s;
    }

    static JsonNode required(ObjectNode record, String name) {
        JsonNode value = record.get(name);
        if (value == null) {
            throw new RecordProblem("field \"" + name + "\" is missing");
        }
        return value;
    }

    /** A required array field. */
    static JsonNode array(ObjectNode record, String name) {
        JsonNode value = required(record, name);
        if (!value.isArray()) {
            throw new RecordProblem("field \"" + name + "\" must be an array, got " + typeName(value));
        }
        return value;
    }

    /** The JSON type of a node as people say it: object, array, string, number, boolean, null. */
    static String typeName(JsonNode node) {
        return switch (node.getNodeType()) {
            case OBJECT, POJO -> "object";
            case ARRAY -> "array";
            case STRING, BINARY -> "string";
            case NUMBER -> "number";
            case BOOLEAN -> "boolean";
            case NULL, MISSING -> "null";
        };
    }
}
