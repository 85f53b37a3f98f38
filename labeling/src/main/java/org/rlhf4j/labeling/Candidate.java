package org.rlhf4j.labeling;

/** One model output for a prompt, to be rated and ranked. */
public record Candidate(long id, long promptId, String model, String output) {
}
