package org.rlhf4j.labeling.web;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.rlhf4j.labeling.InvalidSubmissionException;
import org.rlhf4j.labeling.ProjectSettings;
import org.rlhf4j.labeling.ProjectStore;
import org.rlhf4j.labeling.Role;
import org.rlhf4j.labeling.UserStore;
import org.rlhf4j.labeling.db.Database;
import org.rlhf4j.labeling.export.Agreement;

/** The admin's pages: progress, settings, prompts, outputs, accounts. */
final class AdminRoutes {
    private final Database db;
    private final ProjectStore project;
    private final UserStore users;
    private final Pages pages;

    AdminRoutes(Database db, ProjectStore project, UserStore users, Pages pages) {
        this.db = db;
        this.project = project;
        this.users = users;
        this.pages = pages;
    }

    void register(List<Route> routes) {
        routes.add(new Route("GET", Pattern.compile("/admin"), Route.Access.ADMIN, this::page));
        routes.add(new Route("POST", Pattern.compile("/admin/settings"), Route.Access.ADMIN, this::settings));
        routes.add(new Route("POST", Pattern.compile("/admin/prompts"), Route.Access.ADMIN, this::addPrompt));
        routes.add(new Route("POST", Pattern.compile("/admin/candidates"), Route.Access.ADMIN, this::addCandidate));
        routes.add(new Route("POST", Pattern.compile("/admin/users"), Route.Access.ADMIN, this::addUser));
    }

    private void page(Request r) throws IOException {
        Map<String, Object> model = r.page("Admin");
        model.put("settings", project.settings());
        model.put("totals", project.totals());
        model.put("labelers", project.labelerProgress());
        model.put("prompts", project.prompts(50));
        model.put("agreement", Agreement.of(db));
        String q = r.exchange.getRequestURI().getQuery();
        model.put("notice", q == null ? null : switch (q) {
            case "settings" -> "Settings saved.";
            case "prompt" -> "Prompt added.";
            case "candidate" -> "Output added.";
            case "user" -> "User added.";
            default -> null;
        });
        r.html(200, pages.render("admin", model));
    }

    private void settings(Request r) throws IOException {
        project.update(new ProjectSettings(r.field("name"), integer(r.field("k"), "K"), integer(r.field("overlap"), "overlap"),
                r.field("demonstrations") != null, r.field("rankings") != null));
        r.redirect("/admin?settings");
    }

    private void addPrompt(Request r) throws IOException {
        project.addPrompt(r.field("prompt"));
        r.redirect("/admin?prompt");
    }

    private void addCandidate(Request r) throws IOException {
        project.addCandidate(integer(r.field("prompt_id"), "prompt id"), r.field("model"), r.field("output"));
        r.redirect("/admin?candidate");
    }

    private void addUser(Request r) throws IOException {
        users.create(r.field("name"), Role.parse(r.field("role") == null ? "" : r.field("role")),
                r.field("password") == null ? "" : r.field("password"));
        r.redirect("/admin?user");
    }

    private static int integer(String s, String what) {
        try {
            return Integer.parseInt(s == null ? "" : s.trim());
        } catch (NumberFormatException e) {
            throw new InvalidSubmissionException(what + " must be a whole number");
        }
    }
}
