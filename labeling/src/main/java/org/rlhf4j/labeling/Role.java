package org.rlhf4j.labeling;

import java.util.Locale;

/** What an account may do: admins run the project, labelers do tasks. */
public enum Role {
    ADMIN, LABELER;

    public String dbName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Role parse(String s) {
        for (Role r : values()) {
            if (r.dbName().equalsIgnoreCase(s.trim())) {
                return r;
            }
        }
        throw new IllegalArgumentException("role must be admin or labeler, got \"" + s + "\"");
    }
}
