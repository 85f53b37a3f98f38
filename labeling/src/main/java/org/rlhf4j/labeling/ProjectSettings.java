package org.rlhf4j.labeling;

/**
 * The project's settings. {@code k}: outputs per ranking task; {@code overlap}: labelers
 * per prompt and task type (more than one measures agreement); which task types exist.
 */
public record ProjectSettings(String name, int k, int overlap, boolean demonstrations, boolean rankings) {
    public static final int MAX_K = 9;

    public ProjectSettings {
        if (name == null || name.isBlank()) {
            throw new InvalidSubmissionException("the project needs a name");
        }
        if (k < 2 || k > MAX_K) {
            throw new InvalidSubmissionException("K must be between 2 and " + MAX_K + ", got " + k);
        }
        if (overlap < 1 || overlap > 1000) {
            throw new InvalidSubmissionException("overlap must be between 1 and 1000, got " + overlap);
        }
    }

    public boolean enabled(TaskType type) {
        return type == TaskType.DEMONSTRATION ? demonstrations : rankings;
    }
}
