package org.rlhf4j.train.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What to do with a malformed record: stop ({@link Policy#FAIL}, the default, because a bad
 * line usually means a bad export and training on the rest would hide it) or skip it and count
 * it ({@link Policy#SKIP}, the CLI's {@code --skip-bad-records}), so the run can report how
 * much data it really used.
 *
 * <p>Pass one instance to a loader and then to the tokenizing step: {@link #records()} counts
 * the records the loaders read, {@link #skipped()} those rejected at either stage.
 * Thread-safe.
 */
public final class BadRecords {

    /** FAIL: throw the first problem. SKIP: count it and carry on. */
    public enum Policy { FAIL, SKIP }

    /** How many messages a skip report keeps: enough to see a pattern, few enough to read. */
    public static final int KEPT_MESSAGES = 5;

    private final Policy policy;
    private final List<String> messages = new ArrayList<>();
    private int records;
    private int skipped;

    public BadRecords(Policy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    /** Stop at the first bad record. */
    public static BadRecords failing() {
        return new BadRecords(Policy.FAIL);
    }

    /** Skip bad records, counting them. */
    public static BadRecords skipping() {
        return new BadRecords(Policy.SKIP);
    }

    public Policy policy() {
        return policy;
    }

    /** Counts one record read (good or bad); loaders call it once per non-blank line. */
    public synchronized void recordRead() {
        records++;
    }

    /**
     * A bad record: thrown under FAIL, counted under SKIP.
     *
     * @throws DatasetException {@code problem} itself, under FAIL
     */
    public synchronized void reject(DatasetException problem) {
        if (policy == Policy.FAIL) {
            throw problem;
        }
        skipped++;
        if (messages.size() < KEPT_MESSAGES) {
            messages.add(problem.getMessage());
        }
    }

    /** Records read by the loaders. */
    public synchronized int records() {
        return records;
    }

    /** Records rejected (always 0 under FAIL: the first one threw). */
    public synchronized int skipped() {
        return skipped;
    }

    /** The first {@link #KEPT_MESSAGES} rejections, {@code FILE:LINE: what is wrong} each. */
    public synchronized List<String> messages() {
        return List.copyOf(messages);
    }

    /** One line for the log: {@code skipped 3 bad records of 120 (first: data/x.jsonl:4: ...)}. */
    public synchronized String summary() {
        StringBuilder s = new StringBuilder("skipped ").append(skipped).append(skipped == 1 ? " bad record" : " bad records");
        if (records > 0) {
            s.append(" of ").append(records);
        }
        if (!messages.isEmpty()) {
            s.append(" (first: ").append(messages.getFirst()).append(')');
        }
        return s.toString();
    }

    @Override
    public String toString() {
        return summary();
    }
}
