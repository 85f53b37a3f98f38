package org.rlhf4j.sim.prompts;

import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Makes prompts of one task ("capital", "define", "summarize"...) from a split's items.
 *
 * @param category    the paper's category of the task
 * @param task        the task's name
 * @param constraints the explicit constraints that make sense for it (the generator states one ~30% of the time)
 * @param maker       writes one prompt; empty when the item drawn does not fit (the generator draws again)
 */
record TaskMaker(Category category, String task, List<Constraint> constraints, Maker maker) {

    @FunctionalInterface
    interface Maker {
        /** @param constraint the constraint the prompt states, or null; the reference must respect it */
        Optional<SimPrompt> make(Pool pool, Random rng, Constraint constraint);
    }
}
