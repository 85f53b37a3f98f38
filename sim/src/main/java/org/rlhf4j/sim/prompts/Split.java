package org.rlhf4j.sim.prompts;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The three disjoint prompt sets. Every underlying item (a fact row, a word, a corpus sentence)
 * belongs to exactly one split, decided by a fixed hash of the item's key and never by the
 * generator's seed: prompts from any seed for the test split share no item with prompts from any
 * seed for the training split, so held-out numbers stay held out.
 */
public enum Split {
    TRAIN, VALIDATION, TEST;

    /** Percent of items in the training split; the rest is halved between validation and test. */
    public static final int TRAIN_PERCENT = 80;
    public static final int VALIDATION_PERCENT = 10;

    /** The split an item belongs to. */
    public static Split of(String itemKey) {
        long h = 0xcbf29ce484222325L; // FNV-1a, then a final mix so nearby keys spread evenly
        for (byte b : itemKey.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        int bucket = (int) Long.remainderUnsigned(h, 100);
        return bucket < TRAIN_PERCENT ? TRAIN : bucket < TRAIN_PERCENT + VALIDATION_PERCENT ? VALIDATION : TEST;
    }

    /** "train", "validation", "test". */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Split fromName(String name) {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown split \"" + name + "\" (train, validation or test)");
        }
    }
}
