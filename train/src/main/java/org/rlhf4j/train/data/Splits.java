package org.rlhf4j.train.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded train/validation splits. The same list, fraction and seed give the same split on any
 * JVM ({@link Random}'s sequence is specified), so a resumed or repeated run validates on the
 * same records and its numbers can be compared.
 */
public final class Splits {

    /** The two parts, each in the input's order. */
    public record Split<T>(List<T> train, List<T> validation) {
        public Split {
            train = List.copyOf(train);
            validation = List.copyOf(validation);
        }
    }

    private Splits() {
    }

    /**
     * Holds out {@code round(fraction * n)} items for validation (at least one when
     * {@code fraction > 0} and there are two or more items, never all of them), chosen by a
     * seeded shuffle; both parts keep the input's order.
     *
     * @param fraction in [0, 1)
     */
    public static <T> Split<T> holdOut(List<T> items, double fraction, long seed) {
        if (!(fraction >= 0 && fraction < 1)) {
            throw new IllegalArgumentException("validation fraction must be in [0, 1), got " + fraction);
        }
        int n = items.size();
        int held = (int) Math.round(fraction * n);
        if (fraction > 0 && n >= 2) {
            held = Math.clamp(held, 1, n - 1);
        } else if (n < 2) {
            held = 0;
        }
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Random random = new Random(seed);
        for (int i = n - 1; i > 0; i--) { // Fisher-Yates
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        boolean[] validation = new boolean[n];
        for (int i = 0; i < held; i++) {
            validation[order[i]] = true;
        }
        List<T> train = new ArrayList<>(n - held);
        List<T> val = new ArrayList<>(held);
        for (int i = 0; i < n; i++) {
            (validation[i] ? val : train).add(items.get(i));
        }
        return new Split<>(train, val);
    }
}
