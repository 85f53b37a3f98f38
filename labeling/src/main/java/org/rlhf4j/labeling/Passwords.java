package org.rlhf4j.labeling;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.nio.charset.StandardCharsets;

/** bcrypt password hashes. The cost is stored in each hash, so it may change over time. */
public final class Passwords {
    /** About 50-100 ms per hash on a current core: slow for guessing, fine for a login. */
    public static final int DEFAULT_COST = 11;
    /** bcrypt's minimum; for tests and the benchmark, which create many accounts. */
    public static final int FAST_COST = 4;
    /** bcrypt reads at most 72 bytes; a longer password would be silently cut. */
    private static final int MAX_BYTES = 72;

    private final int cost;

    public Passwords(int cost) {
        this.cost = cost;
    }

    public String hash(String password) {
        byte[] bytes = password.getBytes(StandardCharsets.UTF_8);
        if (password.length() < 8) {
            throw new InvalidSubmissionException("a password needs at least 8 characters");
        }
        if (bytes.length > MAX_BYTES) {
            throw new InvalidSubmissionException("a password may have at most 72 bytes (bcrypt's limit)");
        }
        return BCrypt.withDefaults().hashToString(cost, password.toCharArray());
    }

    public static boolean verify(String password, String hash) {
        if (password == null || hash == null) {
            return false;
        }
        return BCrypt.verifyer().verify(password.toCharArray(), hash).verified;
    }
}
