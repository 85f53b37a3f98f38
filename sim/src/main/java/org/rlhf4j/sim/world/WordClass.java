package org.rlhf4j.sim.world;

import net.sf.extjwnl.data.POS;

/** The parts of speech the world asks about, with the word a labeler answers with. */
public enum WordClass {
    NOUN(POS.NOUN, "noun"), VERB(POS.VERB, "verb"), ADJECTIVE(POS.ADJECTIVE, "adjective");

    private final POS pos;
    private final String label;

    WordClass(POS pos, String label) {
        this.pos = pos;
        this.label = label;
    }

    POS pos() {
        return pos;
    }

    /** "noun", "verb" or "adjective". */
    public String label() {
        return label;
    }
}
