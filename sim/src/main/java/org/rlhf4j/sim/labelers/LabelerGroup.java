package org.rlhf4j.sim.labelers;

import java.util.Locale;

/**
 * The paper's two groups of labelers: those whose rankings train the reward model, and a held-out
 * group who never label training data and judge the final models (InstructGPT, section 5.1).
 */
public enum LabelerGroup {
    TRAINING, HELD_OUT;

    public String jsonName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static LabelerGroup parse(String name) {
        for (LabelerGroup g : values()) {
            if (g.jsonName().equalsIgnoreCase(name.trim()) || g.name().equalsIgnoreCase(name.trim())) {
                return g;
            }
        }
        throw new IllegalArgumentException("labeler group must be training or held-out, got \"" + name + "\"");
    }
}
