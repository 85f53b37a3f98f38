package org.rlhf4j.train.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.rlhf4j.tensor.io.AtomicFiles;

/**
 * Where a run stands, saved as {@code trainer_state.json} in each checkpoint: enough, with
 * the weights and optimiser moments, to continue exactly as if never stopped.
 *
 * @param step         optimiser steps done
 * @param epoch        the epoch in progress
 * @param nextBatch    the next micro-batch of that epoch
 * @param dropoutDraws counter of the dropout random stream
 * @param bestMetric   best value so far of the selection metric (NaN: none yet)
 */
public record TrainerState(long step, int epoch, int nextBatch, long dropoutDraws, double bestMetric) {
    static final String FILE = "trainer_state.json";

    public static TrainerState fresh() {
        return new TrainerState(0, 0, 0, 0, Double.NaN);
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
            return new TrainerState(o.get("step").asLong(), o.get("epoch").asInt(), o.get("next_batch").asInt(),
                    o.get("dropout_draws").asLong(), best.isNumber() ? best.asDouble() : Double.NaN);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read the trainer state: " + e.getMessage(), e);
        }
    }
}
