package org.rlhf4j.labeling;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;

/** The one ObjectMapper, and the two JSON shapes kept in database columns. */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static List<Long> longs(String json) {
        try {
            return MAPPER.readValue(json, new TypeReference<List<Long>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("corrupt id list in database: " + json, e);
        }
    }

    public static List<List<Long>> groups(String json) {
        try {
            return MAPPER.readValue(json, new TypeReference<List<List<Long>>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("corrupt ranking in database: " + json, e);
        }
    }
}
