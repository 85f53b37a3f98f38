package org.rlhf4j.labeling.web;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Server-side sessions, kept in memory: the cookie holds only a 256-bit random id. A
 * session carries its CSRF token; anonymous sessions exist so that the login form has one
 * too. Logging in starts a fresh session (no fixation); restarting the server logs
 * everyone out, which loses no work since work is stored per submission.
 */
final class Sessions {
    static final String COOKIE = "rlhf4j_session";
    private static final Duration IDLE_LIMIT = Duration.ofHours(12);

    /** A session; {@code userId} is null before login. */
    record Session(String id, Long userId, String csrf, long expiresAt) {
        boolean checkCsrf(String token) {
            return token != null && MessageDigest.isEqual(
                    csrf.getBytes(StandardCharsets.US_ASCII), token.getBytes(StandardCharsets.UTF_8));
        }
    }

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Session> byId = new ConcurrentHashMap<>();
    private final AtomicLong created = new AtomicLong();

    Session anonymous() {
        return create(null);
    }

    Session login(long userId, String oldSessionId) {
        if (oldSessionId != null) {
            byId.remove(oldSessionId);
        }
        return create(userId);
    }

    Optional<Session> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        Session s = byId.get(id);
        if (s == null) {
            return Optional.empty();
        }
        long now = System.currentTimeMillis();
        if (s.expiresAt() < now) {
            byId.remove(id);
            return Optional.empty();
        }
        // Sliding expiry, refreshed at most once a minute to spare the map.
        if (s.expiresAt() - now < IDLE_LIMIT.toMillis() - 60_000) {
            s = new Session(s.id(), s.userId(), s.csrf(), now + IDLE_LIMIT.toMillis());
            byId.put(id, s);
        }
        return Optional.of(s);
    }

    void remove(String id) {
        if (id != null) {
            byId.remove(id);
        }
    }

    private Session create(Long userId) {
        if (created.incrementAndGet() % 1000 == 0) {
            long now = System.currentTimeMillis();
            byId.values().removeIf(s -> s.expiresAt() < now);
        }
        Session s = new Session(token(), userId, token(), System.currentTimeMillis() + IDLE_LIMIT.toMillis());
        byId.put(s.id(), s);
        return s;
    }

    private String token() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
