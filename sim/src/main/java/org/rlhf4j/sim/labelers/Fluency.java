package org.rlhf4j.sim.labelers;

/**
 * How fluent a response reads, as a labeler perceives it: a score near 0 for natural text, negative
 * for garbled text (e.g. a reference language model's mean log-probability per token, shifted so
 * that the reference answers score about 0). {@link #NONE} when no reference model is at hand.
 */
@FunctionalInterface
public interface Fluency {
    Fluency NONE = (prompt, response) -> 0.0;

    double score(String prompt, String response);
}
