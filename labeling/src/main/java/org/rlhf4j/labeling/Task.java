package org.rlhf4j.labeling;

import java.util.List;

/**
 * One prompt given to one labeler for one kind of work. {@code candidates} (ranking tasks)
 * are in the order the labeler is shown them; {@code status} is open, done or skipped.
 */
public record Task(long id, long promptId, String prompt, long labelerId, TaskType type, String status,
                   List<Candidate> candidates) {
    public static final String OPEN = "open";
    public static final String DONE = "done";
    public static final String SKIPPED = "skipped";

    public boolean isOpen() {
        return OPEN.equals(status);
    }
}
