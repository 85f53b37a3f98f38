package org.rlhf4j.train.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeSet;
import org.rlhf4j.tensor.io.AtomicFiles;

/**
 * Trainer configs: the record's defaults, overlaid by a YAML file, overlaid by command-line
 * flags. Keys are snake_case ({@code learning_rate}); a flag {@code --learning-rate} sets the
 * same key. An unknown key or a value of the wrong type stops with an error naming the file
 * and key, so a typo never silently falls back to a default.
 */
public final class ConfigLoader {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private ConfigLoader() {}

    /**
     * @param yaml      null, or a YAML file of overrides
     * @param overrides snake_case key -> value, applied last (the flags the user gave)
     */
    public static <T> T load(Class<T> type, T defaults, Path yaml, Map<String, Object> overrides) {
        ObjectNode merged = YAML.valueToTree(defaults);
        if (yaml != null) {
            JsonNode file;
            try {
                file = YAML.readTree(Files.readString(yaml, StandardCharsets.UTF_8));
            } catch (NoSuchFileException e) {
                throw new IllegalArgumentException(yaml + ": no such file");
            } catch (IOException e) {
                throw new IllegalArgumentException(yaml + ": not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
            }
            if (file != null && !file.isNull() && !file.isMissingNode()) {
                if (!file.isObject()) {
                    throw new IllegalArgumentException(yaml + ": expected a mapping of option names to values");
                }
                file.properties().forEach(e -> {
                    if (!merged.has(e.getKey())) {
                        throw new IllegalArgumentException(yaml + ": unknown key '" + e.getKey() + "' (known: "
                                + String.join(", ", knownKeys(merged)) + ")");
                    }
                    merged.set(e.getKey(), e.getValue());
                });
            }
        }
        overrides.forEach((k, v) -> {
            if (!merged.has(k)) {
                throw new IllegalArgumentException("unknown option " + k);
            }
            merged.set(k, YAML.valueToTree(v));
        });
        try {
            return YAML.treeToValue(merged, type);
        } catch (IOException e) {
            String where = yaml == null ? "options" : yaml.toString();
            throw new IllegalArgumentException(where + ": " + e.getMessage().lines().findFirst().orElse(""), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException((yaml == null ? "options" : yaml.toString()) + ": " + e.getMessage(), e);
        }
    }

    private static TreeSet<String> knownKeys(ObjectNode o) {
        TreeSet<String> names = new TreeSet<>();
        o.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** Writes the effective config next to the run's outputs, for the record. */
    public static void save(Object config, Path file) {
        try {
            byte[] bytes = YAML.writeValueAsBytes(config);
            AtomicFiles.write(file, out -> out.write(bytes));
        } catch (IOException e) {
            throw new IllegalStateException(file + ": cannot write the config: " + e.getMessage(), e);
        }
    }
}
