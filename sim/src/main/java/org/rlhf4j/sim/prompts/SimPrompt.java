package org.rlhf4j.sim.prompts;

import java.util.List;

/**
 * One prompt of the simulated world, with everything a simulated judge needs to check a response.
 *
 * @param id          stable identifier, unique across splits (e.g. {@code "capital-0042"})
 * @param prompt      the text given to the model (an instruction, sometimes with a constraint sentence)
 * @param category    the paper's category
 * @param task        what was asked, finer than the category: {@code define}, {@code synonym}, {@code capital}...
 * @param constraints explicit constraints stated in the prompt; empty when none
 * @param answers     accepted answers (lower case) for prompts with a checkable answer; empty for open-ended ones
 * @param keywords    words a good response mentions (the topic); used for open-ended prompts
 * @param reference   a good response, written as a careful labeler would: the gold demonstration
 * @param factual     true for questions about facts in the knowledge (truthfulness is measured on these)
 */
public record SimPrompt(String id, String prompt, Category category, String task, List<Constraint> constraints,
        List<String> answers, List<String> keywords, String reference, boolean factual) {
    public SimPrompt {
        constraints = List.copyOf(constraints);
        answers = List.copyOf(answers);
        keywords = List.copyOf(keywords);
    }
}
