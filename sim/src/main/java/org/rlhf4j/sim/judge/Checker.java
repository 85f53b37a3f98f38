package org.rlhf4j.sim.judge;

import org.rlhf4j.sim.prompts.SimPrompt;

/** Measures a response to a prompt against the world's knowledge. */
@FunctionalInterface
public interface Checker {
    Measurement measure(SimPrompt prompt, String response);
}
