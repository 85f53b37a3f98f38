package org.rlhf4j.train.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.rlhf4j.tensor.io.AtomicFiles;

/**
 * Where a run stands, saved as {@code trainer_state.json} in each checkpoint: enough, with
 * the weights and optimizer moments, to continue exactly as if never stopped.
 *
 * @param step         optimizer steps done
 * @param epoch        the epoch in progress
 * @param nextBatch    the next micro-batch of that epoch
 * @param dropoutDraws counter of the dropout random stream
 * @param bestMetric   best value so far of the selection metric (NaN: none yet)
 * @param keptMetrics  validation metrics of the model the run keeps: the best epoch's when it
 *                     selects one, else the latest validation's (empty: none yet)
 * @param finished     whether this is the run's final checkpoint, taken after its last validation
 */
public record TrainerState(long step, int epoch, int nextBatch, long dropoutDraws, double bestMetric,
                           Map<String, Double> keptMetrics, boolean finished) {
    static final String FILE = "trainer_state.json";

    public TrainerState {
        keptMetrics = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(keptMetrics));
    }

    public static TrainerState fresh() {
        return new TrainerState(0, 0, 0, 0, Double.NaN, Map.of(), false);
    }

    void write(Path dir) {
        ObjectNode o = MetricsLog.JSON.createObjectNode();
        o.put("step", step);
        o.put("epoch", epoch);
        o.put("next_batch", nextBatch);
        o.put("dropout_draws", dropoutDraws);
        if (Double.isNaN(bestMetric)) {
            o.putNull("best_metric");
        } else {
            o.put("best_metric", bestMetric);
        }
        ObjectNode kept = o.putObject("kept_metrics");
        keptMetrics.forEach(kept::put);
        o.put("finished", finished);
        byte[] bytes = o.toPrettyString().getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(dir.resolve(FILE), out -> out.write(bytes));
    }

    static TrainerState read(Path dir) {
        Path file = dir.resolve(FILE);
        try {
            JsonNode o = MetricsLog.JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
            for (String field : new String[] {"step", "epoch", "next_batch", "dropout_draws"}) {
                if (!o.path(field).isIntegralNumber()) {
                    throw new IllegalStateException(file + ": field " + field + " is missing or not an integer");
                }
            }
            JsonNode best = o.path("best_metric");
            Map<String, Double> kept = new LinkedHashMap<>();
            o.path("kept_metrics").properties().forEach(e -> kept.put(e.getKey(), e.getValue().asDouble()));
            return new TrainerState(o.get("step").asLong(), o.get("epoch").asInt(), o.get("next_batch").asInt(),
                    o.get("dropout_draws").asLong(), best.isNumber() ? best.asDouble() : Double.NaN, kept,
                    o.path("finished").asBoolean(false));
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read the trainer state: " + e.getMessage(), e);
        }
    }
}
