package org.rlhf4j.labeling;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.rlhf4j.labeling.db.Database;

/** Accounts: created by an admin, looked up at login and per request. */
public final class UserStore {
    private final Database db;
    private final Passwords passwords;

    public UserStore(Database db, Passwords passwords) {
        this.db = db;
        this.passwords = passwords;
    }

    public User create(String name, Role role, String password) {
        String trimmed = name == null ? "" : name.trim();
        if (trimmed.isEmpty() || trimmed.length() > 100) {
            throw new InvalidSubmissionException("a user name needs 1 to 100 characters");
        }
        String hash = passwords.hash(password);
        return db.transaction(c -> {
            try (PreparedStatement exists = c.prepareStatement("SELECT 1 FROM users WHERE name = ?")) {
                exists.setString(1, trimmed);
                if (exists.executeQuery().next()) {
                    throw new InvalidSubmissionException("user \"" + trimmed + "\" exists already");
                }
            }
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO users (name, role, password_hash, created_at) VALUES (?, ?, ?, ?) RETURNING id")) {
                s.setString(1, trimmed);
                s.setString(2, role.dbName());
                s.setString(3, hash);
                s.setLong(4, System.currentTimeMillis());
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    return new User(rs.getLong(1), trimmed, role);
                }
            }
        });
    }

    /** The user with this name and password, or empty (which of the two was wrong is not said). */
    public Optional<User> authenticate(String name, String password) {
        record Row(User user, String hash) { }
        Optional<Row> row = db.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT id, name, role, password_hash FROM users WHERE name = ?")) {
                s.setString(1, name == null ? "" : name.trim());
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? Optional.of(new Row(user(rs), rs.getString(4))) : Optional.<Row>empty();
                }
            }
        });
        if (row.isEmpty()) {
            // Spend the same time as a wrong password, so names cannot be probed by timing.
            Passwords.verify(password, DUMMY_HASH);
            return Optional.empty();
        }
        return Passwords.verify(password, row.get().hash()) ? Optional.of(row.get().user()) : Optional.empty();
    }

    private static final String DUMMY_HASH = new Passwords(Passwords.DEFAULT_COST).hash("not-a-real-password");

    public Optional<User> find(long id) {
        return db.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT id, name, role FROM users WHERE id = ?")) {
                s.setLong(1, id);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? Optional.of(user(rs)) : Optional.<User>empty();
                }
            }
        });
    }

    public List<User> all() {
        return db.read(c -> {
            List<User> users = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT id, name, role FROM users ORDER BY id");
                 ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    users.add(user(rs));
                }
            }
            return users;
        });
    }

    private static User user(ResultSet rs) throws SQLException {
        return new User(rs.getLong(1), rs.getString(2), Role.parse(rs.getString(3)));
    }
}
