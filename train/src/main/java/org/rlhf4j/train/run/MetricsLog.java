package org.rlhf4j.train.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.rlhf4j.tensor.io.AtomicFiles;

/**
 * {@code metrics.jsonl}: one JSON object per logged step ({@code step}, {@code epoch},
 * {@code lr}, {@code loss}, ...), flushed line by line so a crash loses at most the line
 * being written. On resume the rows after the checkpoint's step are dropped first, so the
 * file reads as one uninterrupted run.
 */
public final class MetricsLog implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final BufferedWriter out;

    /**
     * Opens the log; {@code keepUpToStep} < 0 starts it afresh, otherwise keeps rows with step
     * <= it, except, when {@code dropValidationAtLastStep}, the validation rows (rows without
     * a training {@code loss}) of that last step, which the resumed run writes again.
     */
    public MetricsLog(Path file, long keepUpToStep, boolean dropValidationAtLastStep) {
        this.file = file;
        try {
            List<String> kept = new ArrayList<>();
            if (keepUpToStep >= 0 && Files.exists(file)) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    if (line.isBlank()) {
                        continue;
                    }
                    JsonNode row = JSON.readTree(line);
                    long step = row.path("step").asLong(Long.MAX_VALUE);
                    boolean redone = dropValidationAtLastStep && step == keepUpToStep && !row.has("loss");
                    if (step <= keepUpToStep && !redone) {
                        kept.add(line);
                    }
                }
            }
            AtomicFiles.write(file, o -> {
                for (String line : kept) {
                    o.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                }
            });
            out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot open the metrics log: " + e.getMessage(), e);
        }
    }

    public Path file() {
        return file;
    }

    /** Appends one row (numbers are written as JSON numbers, NaN as null). */
    public void log(Map<String, ?> row) {
        try {
            out.write(JSON.writeValueAsString(row));
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot append to the metrics log: " + e.getMessage(), e);
        }
    }

    /** Every row of a metrics file. */
    public static List<JsonNode> read(Path file) {
        try {
            List<JsonNode> rows = new ArrayList<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    rows.add(JSON.readTree(line));
                }
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read metrics: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot close the metrics log: " + e.getMessage(), e);
        }
    }
}
