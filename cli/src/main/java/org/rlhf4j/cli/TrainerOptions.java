package org.rlhf4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * Options every trainer command shares, and the bridge from flags to the trainer's config
 * record: a flag {@code --learning-rate} sets key {@code learning_rate}. Only flags the user
 * actually gave override the YAML file; the help shows the record's defaults.
 */
final class TrainerOptions {
    @Option(names = "--config", paramLabel = "FILE",
            description = "YAML file of options (snake_case keys, e.g. learning_rate: 1e-4); flags override it.")
    Path config;

    @Option(names = "--resume", description = "Continue from the newest checkpoint in the output folder.")
    boolean resume;

    @Option(names = "--model", paramLabel = "DIR", description = "Model folder to start from (Hugging Face layout, with its tokenizer).") String model;
    @Option(names = "--out", paramLabel = "DIR", description = "Output folder.") String out;
    @Option(names = "--batch-size", paramLabel = "N", description = "Examples per micro-batch (default: ${DEFAULT-VALUE}).") Integer batchSize;
    @Option(names = "--epochs", paramLabel = "N", description = "Passes over the data (default: ${DEFAULT-VALUE}).") Integer epochs;
    @Option(names = "--learning-rate", paramLabel = "LR", description = "Peak learning rate (default: ${DEFAULT-VALUE}).") Double learningRate;
    @Option(names = "--warmup-steps", paramLabel = "N", description = "Linear warmup steps (default: ${DEFAULT-VALUE}).") Integer warmupSteps;
    @Option(names = "--final-lr-fraction", paramLabel = "F", description = "Cosine decay ends at this fraction of the peak (default: ${DEFAULT-VALUE}).") Double finalLrFraction;
    @Option(names = "--gradient-accumulation", paramLabel = "N", description = "Micro-batches per optimiser step (default: ${DEFAULT-VALUE}).") Integer gradientAccumulation;
    @Option(names = "--max-grad-norm", paramLabel = "X", description = "Global gradient-norm clip, 0 for none (default: ${DEFAULT-VALUE}).") Double maxGradNorm;
    @Option(names = "--validation-fraction", paramLabel = "F", description = "Share of the data held out for validation (default: ${DEFAULT-VALUE}).") Double validationFraction;
    @Option(names = "--checkpoint-every", paramLabel = "N", description = "Optimiser steps between checkpoints, 0 for the end only (default: ${DEFAULT-VALUE}).") Integer checkpointEvery;
    @Option(names = "--keep-checkpoints", paramLabel = "N", description = "Checkpoints kept (default: ${DEFAULT-VALUE}).") Integer keepCheckpoints;
    @Option(names = "--max-steps", paramLabel = "N", description = "Stop after N optimiser steps, 0 for all epochs (default: ${DEFAULT-VALUE}).") Long maxSteps;
    @Option(names = "--seed", paramLabel = "S", description = "Seed of data order, splits and dropout (default: ${DEFAULT-VALUE}).") Long seed;
    @Option(names = "--weight-decay", paramLabel = "X", description = "AdamW weight decay (default: ${DEFAULT-VALUE}).") Double weightDecay;
    @Option(names = "--dtype", paramLabel = "f32|bf16", description = "Weights' type in the saved model (default: ${DEFAULT-VALUE}).") String dtype;
    @Option(names = "--skip-bad-records", description = "Skip and count malformed or over-long records instead of stopping.") Boolean skipBadRecords;

    private static final List<String> NOT_CONFIG_KEYS = List.of("--config", "--resume", "--help", "--version");

    /** Keys and values of the config options given on the command line. */
    static Map<String, Object> explicitOverrides(CommandSpec spec) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (OptionSpec o : spec.options()) {
            if (NOT_CONFIG_KEYS.contains(o.longestName()) || !spec.commandLine().getParseResult().hasMatchedOption(o)) {
                continue;
            }
            Object value = o.getValue();
            out.put(key(o), value instanceof Path p ? p.toString() : value);
        }
        return out;
    }

    static String key(OptionSpec o) {
        return o.longestName().replaceFirst("^--", "").replace('-', '_');
    }

    /** Shows a config record's defaults as the options' defaults in {@code --help}. */
    static IDefaultValueProvider defaultsOf(Object defaults) {
        ObjectNode node = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).valueToTree(defaults);
        return (ArgSpec arg) -> {
            if (!(arg instanceof OptionSpec o) || NOT_CONFIG_KEYS.contains(o.longestName()) || !node.has(key(o))) {
                return null;
            }
            var v = node.get(key(o));
            if (v.isNull() || (v.isArray() && v.isEmpty()) || (v.isBoolean() && !v.asBoolean())) {
                return null;
            }
            return v.isArray() ? String.join(",", v.findValuesAsText("")) : v.asText();
        };
    }
}
