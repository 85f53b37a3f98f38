package org.rlhf4j.labeling.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.rlhf4j.labeling.CandidateGenerator;
import org.rlhf4j.labeling.InvalidSubmissionException;
import org.rlhf4j.labeling.Json;
import org.rlhf4j.labeling.ProjectSettings;
import org.rlhf4j.labeling.ProjectStore;
import org.rlhf4j.labeling.Role;
import org.rlhf4j.labeling.UserStore;
import org.rlhf4j.labeling.db.Database;
import org.rlhf4j.labeling.export.Agreement;

/** The admin's pages: progress, settings, prompts, outputs (added or generated), accounts. */
final class AdminRoutes {
    private final Database db;
    private final ProjectStore project;
    private final UserStore users;
    private final Pages pages;
    private final GenerationJob generation;

    AdminRoutes(Database db, ProjectStore project, UserStore users, Pages pages, GenerationJob generation) {
        this.db = db;
        this.project = project;
        this.users = users;
        this.pages = pages;
        this.generation = generation;
    }

    void register(List<Route> routes) {
        routes.add(new Route("GET", Pattern.compile("/admin"), Route.Access.ADMIN, this::page));
        routes.add(new Route("POST", Pattern.compile("/admin/settings"), Route.Access.ADMIN, this::settings));
        routes.add(new Route("POST", Pattern.compile("/admin/prompts"), Route.Access.ADMIN, this::addPrompt));
        routes.add(new Route("POST", Pattern.compile("/admin/candidates"), Route.Access.ADMIN, this::addCandidate));
        routes.add(new Route("POST", Pattern.compile("/admin/users"), Route.Access.ADMIN, this::addUser));
        routes.add(new Route("POST", Pattern.compile("/admin/generate"), Route.Access.ADMIN, this::generate));
        routes.add(new Route("GET", Pattern.compile("/admin/generation"), Route.Access.ADMIN, this::generationStatus));
    }

    private void page(Request r) throws IOException {
        String q = r.exchange.getRequestURI().getQuery();
        page(r, 200, q == null ? null : switch (q) {
            case "settings" -> "Settings saved.";
            case "prompt" -> "Prompt added.";
            case "candidate" -> "Output added.";
            case "user" -> "User added.";
            case "generation" -> "Generation started.";
            default -> null;
        });
    }

    private void page(Request r, int status, String notice) throws IOException {
        Map<String, Object> model = r.page("Admin");
        model.put("settings", project.settings());
        model.put("totals", project.totals());
        model.put("labelers", project.labelerProgress());
        model.put("prompts", project.prompts(50));
        model.put("agreement", Agreement.of(db));
        model.put("generation", generation.status() == null ? null : statusOf(generation.status()));
        model.put("notice", notice);
        r.html(status, pages.render("admin", model));
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

    /** Starts sampling outputs from a model folder on the server, unless a run is going on. */
    private void generate(Request r) throws IOException {
        String folder = r.field("model") == null ? "" : r.field("model").trim();
        if (folder.isEmpty()) {
            throw new InvalidSubmissionException("give the model folder's path on the server");
        }
        Path dir = Path.of(folder);
        if (!Files.isRegularFile(dir.resolve("config.json"))) {
            throw new InvalidSubmissionException("no model folder (with a config.json) at " + folder);
        }
        CandidateGenerator.Config config = new CandidateGenerator.Config(r.field("name"),
                integer(r.field("samples"), "samples"), integer(r.field("max_new_tokens"), "max new tokens"),
                decimal(r.field("temperature"), "temperature"), 1f, 0L, 8);
        if (!generation.start(dir, config)) {
            GenerationJob.Status running = generation.status();
            page(r, 409, "A generation run is already going on (" + running.model() + ", " + running.done() + "/"
                    + running.total() + " outputs); start another when it has finished.");
            return;
        }
        r.redirect("/admin?generation");
    }

    /** The generation run's progress as JSON, for the admin page's polling script. */
    private void generationStatus(Request r) throws IOException {
        GenerationJob.Status s = generation.status();
        Map<String, Object> json = s == null ? Map.of("state", "none") : statusOf(s);
        r.send(200, "application/json", Json.write(json).getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, Object> statusOf(GenerationJob.Status s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("state", s.state());
        m.put("model", s.model());
        m.put("done", s.done());
        m.put("total", s.total());
        m.put("percent", s.percent());
        m.put("generated", s.generated());
        m.put("skipped", s.skipped());
        m.put("empty", s.empty());
        m.put("error", s.error());
        return m;
    }

    private static float decimal(String s, String what) {
        try {
            return Float.parseFloat(s == null ? "" : s.trim());
        } catch (NumberFormatException e) {
            throw new InvalidSubmissionException(what + " must be a number");
        }
    }

    private static int integer(String s, String what) {
        try {
            return Integer.parseInt(s == null ? "" : s.trim());
        } catch (NumberFormatException e) {
            throw new InvalidSubmissionException(what + " must be a whole number");
        }
    }
}
