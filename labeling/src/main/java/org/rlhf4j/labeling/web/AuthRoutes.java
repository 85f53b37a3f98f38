package org.rlhf4j.labeling.web;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.rlhf4j.labeling.User;
import org.rlhf4j.labeling.UserStore;

/** Log in and out. */
final class AuthRoutes {
    private final UserStore users;
    private final Sessions sessions;
    private final Pages pages;
    private final boolean secureCookies;

    AuthRoutes(UserStore users, Sessions sessions, Pages pages, boolean secureCookies) {
        this.users = users;
        this.sessions = sessions;
        this.pages = pages;
        this.secureCookies = secureCookies;
    }

    void register(List<Route> routes) {
        routes.add(new Route("GET", Pattern.compile("/login"), Route.Access.PUBLIC, this::form));
        routes.add(new Route("POST", Pattern.compile("/login"), Route.Access.PUBLIC, this::login));
        routes.add(new Route("POST", Pattern.compile("/logout"), Route.Access.USER, this::logout));
    }

    private void form(Request r) throws IOException {
        if (r.user != null) {
            r.redirect("/");
            return;
        }
        if (r.session == null) {
            // The login form needs a CSRF token too, so it gets an anonymous session.
            r.session = sessions.anonymous();
            r.setCookie(r.session.id(), secureCookies, false);
        }
        show(r, 200, null);
    }

    private void show(Request r, int status, String error) throws IOException {
        Map<String, Object> model = r.page("Log in");
        model.put("error", error);
        r.html(status, pages.render("login", model));
    }

    private void login(Request r) throws IOException {
        Optional<User> user = users.authenticate(r.field("name"), r.field("password"));
        if (user.isEmpty()) {
            show(r, 401, "Wrong name or password.");
            return;
        }
        Sessions.Session fresh = sessions.login(user.get().id(), r.session.id());
        r.setCookie(fresh.id(), secureCookies, false);
        r.redirect(user.get().isAdmin() ? "/admin" : "/queue");
    }

    private void logout(Request r) throws IOException {
        sessions.remove(r.session.id());
        r.setCookie("", secureCookies, true);
        r.redirect("/login");
    }
}
