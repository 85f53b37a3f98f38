package org.rlhf4j.sim.prompts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rlhf4j.train.data.BadRecords;
import org.rlhf4j.train.data.DatasetException;
import org.rlhf4j.train.data.JsonlReader;
import org.rlhf4j.train.data.Source;

/**
 * Simulated prompts as JSONL, one a line:
 * {@code {"prompt", "category", "id", "task", "constraints", "answers", "keywords", "reference", "factual"}}.
 * The {@code prompt} field is what the trainers' prompt loader reads, so {@code rlhf4j ppo --prompts}
 * takes such a file as it is. Reading goes through the trainers' JSONL reader: a bad line is an
 * error {@code FILE:LINE: field "x": what is wrong}.
 */
public final class SimPromptJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SimPromptJson() {
    }

    /** One prompt as a JSON object, fields in the documented order. */
    public static ObjectNode toJson(SimPrompt p) {
        ObjectNode o = JSON.createObjectNode();
        o.put("prompt", p.prompt());
        o.put("category", p.category().jsonName());
        o.put("id", p.id());
        o.put("task", p.task());
        ArrayNode constraints = o.putArray("constraints");
        p.constraints().forEach(c -> constraints.add(c.jsonName()));
        ArrayNode answers = o.putArray("answers");
        p.answers().forEach(answers::add);
        ArrayNode keywords = o.putArray("keywords");
        p.keywords().forEach(keywords::add);
        o.put("reference", p.reference());
        o.put("factual", p.factual());
        return o;
    }

    public static void write(Path file, List<SimPrompt> prompts) {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (SimPrompt p : prompts) {
                out.write(JSON.writeValueAsString(toJson(p)));
                out.write('\n');
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Every prompt of a file, in order.
     *
     * @throws DatasetException at the first bad line, naming the file, the line and the field
     */
    public static List<SimPrompt> read(Path file) {
        List<SimPrompt> out = new ArrayList<>();
        JsonlReader.read(file, BadRecords.failing(), (record, source) -> out.add(fromJson(record, source)));
        return out;
    }

    /** One prompt from its JSON object; {@code source} says where it came from for error messages. */
    public static SimPrompt fromJson(ObjectNode o, Source source) {
        String categoryName = text(o, "category", source);
        Category category;
        try {
            category = Category.fromJson(categoryName);
        } catch (IllegalArgumentException e) {
            throw new DatasetException(source, "field \"category\": unknown category \"" + categoryName + "\" (one of "
                    + java.util.Arrays.stream(Category.values()).map(Category::jsonName).toList() + ")");
        }
        List<Constraint> constraints = new ArrayList<>();
        for (String name : strings(o, "constraints", source)) {
            try {
                constraints.add(Constraint.fromJson(name));
            } catch (IllegalArgumentException e) {
                throw new DatasetException(source, "field \"constraints\": " + e.getMessage());
            }
        }
        JsonNode factual = o.get("factual");
        if (factual == null || !factual.isBoolean()) {
            throw new DatasetException(source, "field \"factual\": " + (factual == null ? "missing" : "must be true or false"));
        }
        return new SimPrompt(text(o, "id", source), text(o, "prompt", source), category, text(o, "task", source),
                constraints, strings(o, "answers", source), strings(o, "keywords", source), text(o, "reference", source),
                factual.booleanValue());
    }

    private static String text(ObjectNode o, String field, Source source) {
        JsonNode v = o.get(field);
        if (v == null) {
            throw new DatasetException(source, "field \"" + field + "\": missing");
        }
        if (!v.isTextual()) {
            throw new DatasetException(source, "field \"" + field + "\": must be a string, got " + v.getNodeType().name().toLowerCase());
        }
        return v.textValue();
    }

    private static List<String> strings(ObjectNode o, String field, Source source) {
        JsonNode v = o.get(field);
        if (v == null) {
            throw new DatasetException(source, "field \"" + field + "\": missing");
        }
        if (!v.isArray()) {
            throw new DatasetException(source, "field \"" + field + "\": must be an array of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : v) {
            if (!item.isTextual()) {
                throw new DatasetException(source, "field \"" + field + "\": must be an array of strings, holds " + item);
            }
            out.add(item.textValue());
        }
        return out;
    }
}
