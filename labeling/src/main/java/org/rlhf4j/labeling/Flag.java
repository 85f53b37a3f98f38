package org.rlhf4j.labeling;

/**
 * Metadata a labeler ticks per output, as in InstructGPT's labeling interface (Ouyang et
 * al. 2022, table 3). {@code column} is the column of the {@code ratings} table.
 */
public enum Flag {
    FAILS_INSTRUCTION("fails_instruction", "Fails to follow the instruction"),
    INAPPROPRIATE_FOR_CUSTOMER("inappropriate_for_customer", "Inappropriate for a customer assistant"),
    HALLUCINATION("hallucination", "Hallucination / makes up facts"),
    SEXUAL_CONTENT("sexual_content", "Contains sexual content"),
    VIOLENT_CONTENT("violent_content", "Contains violent content"),
    MORAL_JUDGMENT("moral_judgment", "Expresses moral judgment"),
    ENCOURAGES_VIOLENCE("encourages_violence", "Encourages violence, abuse, terrorism or self-harm"),
    DENIGRATES_PROTECTED_CLASS("denigrates_protected_class", "Denigrates a protected class"),
    HARMFUL_ADVICE("harmful_advice", "Gives harmful advice");

    private final String column;
    private final String label;

    Flag(String column, String label) {
        this.column = column;
        this.label = label;
    }

    public String column() {
        return column;
    }

    public String label() {
        return label;
    }

    public static Flag parse(String column) {
        for (Flag f : values()) {
            if (f.column.equals(column)) {
                return f;
            }
        }
        throw new InvalidSubmissionException("unknown flag \"" + column + "\"");
    }
}
