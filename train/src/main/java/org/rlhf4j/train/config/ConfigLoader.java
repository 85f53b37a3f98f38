package org.rlhf4j.train.config;

import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeSet;
import org.rlhf4j.tensor.io.AtomicFiles;

/**
 * Trainer configs: the class's defaults (its fields' initial values), overlaid by a YAML file,
 * overlaid by command-line flags, then checked ({@link TrainingConfig#validate}) before any data
 * is read. Keys are snake_case ({@code learning_rate}); a flag {@code --learning-rate} sets the
 * same key. An unknown key or a value of the wrong type stops with an error naming the file
 * and key, so a typo never silently falls back to a default.
 */
public final class ConfigLoader {
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .setVisibility(PropertyAccessor.ALL, Visibility.NONE)
            .setVisibility(PropertyAccessor.FIELD, Visibility.PUBLIC_ONLY)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private ConfigLoader() {}

    /** A config with its defaults: what {@code new T()} holds. */
    public static <T extends TrainingConfig> T defaults(Class<T> type) {
        try {
            return type.getDeclaredConstructor().newInstance();
        } catch (InstantiationException | IllegalAccessException | NoSuchMethodException | InvocationTargetException e) {
            throw new IllegalStateException(type + " needs a public no-argument constructor", e);
        }
    }

    /**
     * @param yaml      null, or a YAML file of overrides
     * @param overrides snake_case key -> value, applied last (the flags the user gave)
     */
    public static <T extends TrainingConfig> T load(Class<T> type, Path yaml, Map<String, ?> overrides) {
        ObjectNode merged = YAML.valueToTree(defaults(type));
        String where = yaml == null ? "options" : yaml.toString();
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
        T config;
        try {
            config = YAML.treeToValue(merged, type);
        } catch (IOException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage().lines().findFirst().orElse(""), e);
        }
        config.validate();
        return config;
    }

    private static TreeSet<String> knownKeys(ObjectNode o) {
        TreeSet<String> names = new TreeSet<>();
        o.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** Writes the effective config next to the run's outputs, for the record (loads back equal). */
    public static void save(TrainingConfig config, Path file) {
        try {
            byte[] bytes = YAML.writeValueAsBytes(config);
            AtomicFiles.write(file, out -> out.write(bytes));
        } catch (IOException e) {
            throw new IllegalStateException(file + ": cannot write the config: " + e.getMessage(), e);
        }
    }
}
