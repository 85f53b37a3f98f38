package org.rlhf4j.sim.prompts;

/**
 * An explicit constraint a prompt can state ("Answer in one word."), with its check.
 * The set of constraints and their checks live here so that the prompt generator and the judges agree.
 */
public enum Constraint {
    ONE_WORD("Answer in one word."),
    LIST_THREE("List three."),
    END_WITH_QUESTION("End with a question.");

    private final String sentence;

    Constraint(String sentence) {
        this.sentence = sentence;
    }

    /** The sentence appended to a prompt to state this constraint. */
    public String sentence() {
        return sentence;
    }
}
