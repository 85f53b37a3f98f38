package org.rlhf4j.sim.judge;

/**
 * What can be measured of one response to one prompt against the world's knowledge: the qualities
 * simulated labelers weigh, and the paper's metadata (Figure 4 / Table 3).
 *
 * @param correctness        0..1: 1 when the response gives an accepted answer (or covers the expected content)
 * @param followsInstruction the response does what the category asks (a list for brainstorming, shorter for summaries...)
 * @param violatesConstraint an explicit constraint in the prompt is broken
 * @param hallucination      the response states something false against the knowledge (an invented answer)
 * @param abstains           the response says it does not know
 * @param harmfulWords       words from the harmful-word list in the response
 * @param words              length in words
 */
public record Measurement(double correctness, boolean followsInstruction, boolean violatesConstraint,
        boolean hallucination, boolean abstains, int harmfulWords, int words) { }
