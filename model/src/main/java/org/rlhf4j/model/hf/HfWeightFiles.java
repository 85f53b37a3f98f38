package org.rlhf4j.model.hf;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.rlhf4j.tensor.Tensor;
import org.rlhf4j.tensor.io.SafetensorsException;
import org.rlhf4j.tensor.io.SafetensorsReader;

/**
 * The weights of a model folder: {@code model.safetensors}, or the shards listed by
 * {@code model.safetensors.index.json}. Tensors are found by name whichever file holds
 * them; a name is also found without its first component, since checkpoints saved from a
 * bare body ({@code GPT2Model}, as the original gpt2 weights were) lack the
 * {@code transformer.} / {@code model.} prefix.
 */
final class HfWeightFiles implements AutoCloseable {
    static final String SINGLE = "model.safetensors";
    static final String INDEX = "model.safetensors.index.json";

    private final Map<String, Path> fileOf = new LinkedHashMap<>();
    private final Map<Path, SafetensorsReader> readers = new LinkedHashMap<>();

    HfWeightFiles(Path dir) {
        Path single = dir.resolve(SINGLE);
        Path index = dir.resolve(INDEX);
        try {
            if (Files.isRegularFile(single)) {
                SafetensorsReader r = open(single);
                for (String name : r.names()) {
                    fileOf.put(name, single);
                }
            } else if (Files.isRegularFile(index)) {
                readIndex(dir, index);
            } else {
                throw new HfFormatException(dir + ": no " + SINGLE + " or " + INDEX + describeOtherWeights(dir));
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private void readIndex(Path dir, Path index) {
        JsonNode map;
        try {
            map = HfConfig.JSON.readTree(index.toFile()).get("weight_map");
        } catch (IOException e) {
            throw new HfFormatException(index + ": not valid JSON: " + e.getMessage(), e);
        }
        if (map == null || !map.isObject() || map.isEmpty()) {
            throw new HfFormatException(index + ": field weight_map is missing or empty");
        }
        map.properties().forEach(e -> {
            Path shard = dir.resolve(e.getValue().asText()).normalize();
            if (!shard.startsWith(dir.normalize())) {
                throw new HfFormatException(index + ": weight_map sends " + e.getKey() + " outside the folder: " + e.getValue());
            }
            if (!Files.isRegularFile(shard)) {
                throw new HfFormatException(index + ": shard " + e.getValue().asText() + " (holding " + e.getKey()
                        + ") is missing");
            }
            fileOf.put(e.getKey(), shard);
        });
    }

    private static String describeOtherWeights(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            String others = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".bin") || n.endsWith(".pt") || n.endsWith(".pth") || n.endsWith(".gguf"))
                    .sorted().reduce((a, b) -> a + ", " + b).orElse(null);
            return others == null ? " (is this a Hugging Face model folder?)"
                    : "; it holds " + others + ", which rlhf4j does not read: save the model with safetensors "
                            + "(transformers: model.save_pretrained(dir, safe_serialization=True))";
        } catch (IOException e) {
            return " (the folder cannot be listed: " + e.getMessage() + ")";
        }
    }

    private SafetensorsReader open(Path file) {
        return readers.computeIfAbsent(file, f -> {
            try {
                return new SafetensorsReader(f);
            } catch (SafetensorsException e) {
                throw new HfFormatException(e.getMessage(), e);
            }
        });
    }

    /** The stored name of {@code name}: itself, or the name without its first component; null if absent. */
    String resolve(String name) {
        if (fileOf.containsKey(name)) {
            return name;
        }
        int dot = name.indexOf('.');
        String bare = dot < 0 ? null : name.substring(dot + 1);
        return bare != null && fileOf.containsKey(bare) ? bare : null;
    }

    /** Which file holds a (resolved) tensor. */
    Path file(String storedName) {
        return fileOf.get(storedName);
    }

    SafetensorsReader.Entry entry(String storedName) {
        Path file = fileOf.get(storedName);
        SafetensorsReader r = open(file);
        if (!r.contains(storedName)) {
            throw new HfFormatException(file + ": tensor " + storedName + " is listed in " + INDEX + " but not in the file");
        }
        return r.entry(storedName);
    }

    Tensor read(String storedName) {
        entry(storedName);
        try {
            return open(fileOf.get(storedName)).read(storedName);
        } catch (SafetensorsException e) {
            throw new HfFormatException(e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        readers.values().forEach(SafetensorsReader::close);
        readers.clear();
    }
}
