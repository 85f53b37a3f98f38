package org.rlhf4j.labeling;

/** An account: an admin or a labeler. */
public record User(long id, String name, Role role) {
    public boolean isAdmin() {
        return role == Role.ADMIN;
    }
}
