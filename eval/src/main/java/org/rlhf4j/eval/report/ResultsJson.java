package org.rlhf4j.eval.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * {@code results.json}: {@link EvalResults} with snake_case keys ({@code win_rate},
 * {@code win_rate_ci}, {@code held_out_perplexity}...), intervals as {@code [lo, hi]} arrays,
 * absent figures as {@code null}. Read back by whatever compares runs (and by the tests).
 */
public final class ResultsJson {
    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private ResultsJson() {}

    public static String toJson(EvalResults results) {
        try {
            return JSON.writeValueAsString(results) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("results cannot be written as JSON: " + e.getMessage(), e);
        }
    }

    public static EvalResults fromJson(String json) {
        try {
            return JSON.readValue(json, EvalResults.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a results.json: " + e.getOriginalMessage(), e);
        }
    }

    public static EvalResults read(Path file) {
        try {
            return JSON.readValue(file.toFile(), EvalResults.class);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read the results: " + e.getMessage(), e);
        }
    }
}
