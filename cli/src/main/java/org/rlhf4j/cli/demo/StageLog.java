package org.rlhf4j.cli.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.rlhf4j.tensor.io.AtomicFiles;

/**
 * Which stages of a demo run are finished, and how long each took: {@code stages.json} in the run
 * folder, rewritten atomically after every stage, so a rerun (or a run after Ctrl-C) skips what is done.
 */
final class StageLog {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final Map<String, Double> seconds = new LinkedHashMap<>();

    StageLog(Path runDir) {
        this.file = runDir.resolve("stages.json");
        if (Files.exists(file)) {
            try {
                JSON.readTree(file.toFile()).properties().forEach(e -> seconds.put(e.getKey(), e.getValue().asDouble()));
            } catch (IOException e) {
                throw new UncheckedIOException(file + " is not the demo's stage log (delete it to start over)", e);
            }
        }
    }

    boolean done(String stage) {
        return seconds.containsKey(stage);
    }

    void finished(String stage, double took) {
        seconds.put(stage, took);
        ObjectNode o = JSON.createObjectNode();
        seconds.forEach(o::put);
        AtomicFiles.write(file, out -> out.write(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(o)));
    }

    Map<String, Double> seconds() {
        return new LinkedHashMap<>(seconds);
    }
}
