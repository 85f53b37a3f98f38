package org.rlhf4j.labeling.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rlhf4j.labeling.Json;
import org.rlhf4j.labeling.ProjectSettings;
import org.rlhf4j.labeling.TinyModelFolder;
import org.rlhf4j.labeling.export.Exporter;

/**
 * Every route over real HTTP against a server on a loopback port: access control, CSRF,
 * escaping, parameterised SQL, idempotent submissions, the export. Runs once per database
 * (see the subclasses).
 */
abstract class HttpSuite {
    @TempDir
    Path dir;
    TestProject app;

    /** A JDBC URL of an empty database for one test. */
    abstract String freshDatabase(Path dir) throws Exception;

    @BeforeEach
    void start() throws Exception {
        app = new TestProject(freshDatabase(dir), 3, 3);
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    private static void assertRedirect(HttpResponse<String> r, String to) {
        assertEquals(303, r.statusCode(), () -> "expected a redirect to " + to + ", got " + r.statusCode() + "\n" + r.body());
        assertEquals(to, r.headers().firstValue("Location").orElse(null));
    }

    @Test
    void pagesNeedLoginAndPostsWithoutSessionAreForbidden() throws Exception {
        WebClient anon = app.client();
        for (String path : List.of("/", "/queue", "/admin", "/tasks/1")) {
            assertRedirect(anon.get(path), "/login");
        }
        for (String path : List.of("/queue/next", "/tasks/1", "/tasks/1/skip", "/admin/settings", "/admin/prompts",
                "/admin/candidates", "/admin/users", "/admin/generate", "/logout")) {
            assertEquals(403, anon.post(path, "csrf", "x").statusCode(), path);
        }
        assertEquals(200, anon.get("/login").statusCode());
        assertEquals(404, anon.get("/nowhere").statusCode());
        assertEquals(405, anon.post("/queue").statusCode());
        HttpResponse<String> js = anon.get("/static/app.js");
        assertEquals(200, js.statusCode());
        assertTrue(js.headers().firstValue("Content-Type").orElse("").startsWith("text/javascript"));
    }

    @Test
    void loginSetsAFreshHttpOnlyStrictSessionAndLogoutEndsIt() throws Exception {
        WebClient c = app.client();
        HttpResponse<String> form = c.get("/login");
        String anonymousCookie = form.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(anonymousCookie.contains("HttpOnly") && anonymousCookie.contains("SameSite=Strict"), anonymousCookie);
        String token = WebClient.csrfIn(form.body());
        assertEquals(401, c.post("/login", "csrf", token, "name", "alice", "password", "wrong password").statusCode());
        assertEquals(403, c.post("/login", "name", "alice", "password", TestProject.PASSWORD).statusCode(), "login without CSRF token");
        HttpResponse<String> ok = c.post("/login", "csrf", token, "name", "alice", "password", TestProject.PASSWORD);
        assertRedirect(ok, "/queue");
        String sessionCookie = ok.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(sessionCookie.contains("HttpOnly") && sessionCookie.contains("SameSite=Strict"), sessionCookie);
        assertNotEquals(anonymousCookie.split(";")[0], sessionCookie.split(";")[0], "the session id changes at login");
        assertEquals(200, c.get("/queue").statusCode());
        assertRedirect(c.post("/logout", "csrf", c.csrf()), "/login");
        assertRedirect(c.get("/queue"), "/login");
    }

    @Test
    void labelersCannotUseAdminPages() throws Exception {
        WebClient alice = app.loggedIn("alice");
        assertEquals(403, alice.get("/admin").statusCode());
        assertEquals(403, alice.post("/admin/prompts", "csrf", alice.csrf(), "prompt", "sneaky").statusCode());
        assertEquals(403, alice.post("/admin/users", "csrf", alice.csrf(), "name", "eve", "role", "admin",
                "password", "password123").statusCode());
        assertEquals(3, app.project.totals().prompts(), "nothing was added");
    }

    @Test
    void anAdminGeneratesOutputsInTheBackground() throws Exception {
        Path model = TinyModelFolder.create(dir.resolve("tiny"));
        WebClient alice = app.loggedIn("alice");
        List<String> form = List.of("model", model.toString(), "samples", "2", "max_new_tokens", "8", "temperature", "0.9");
        List<String> aliceForm = new ArrayList<>(List.of("csrf", alice.csrf()));
        aliceForm.addAll(form);
        assertEquals(403, alice.post("/admin/generate", aliceForm).statusCode());
        assertEquals(403, alice.get("/admin/generation").statusCode());

        WebClient admin = app.loggedIn("admin");
        List<String> adminForm = new ArrayList<>(List.of("csrf", admin.csrf()));
        assertEquals(403, admin.post("/admin/generate", form).statusCode(), "no CSRF token");
        assertTrue(admin.get("/admin").body().contains("action=\"/admin/generate\""));
        assertEquals(400, admin.post("/admin/generate", "csrf", admin.csrf(), "model", dir.resolve("nope").toString(),
                "samples", "2", "max_new_tokens", "8", "temperature", "1").statusCode());
        adminForm.addAll(form);
        assertRedirect(admin.post("/admin/generate", adminForm), "/admin?generation");
        JsonNode status = finishedGeneration(admin);
        assertEquals("finished", status.get("state").asText(), status::toString);
        assertEquals("tiny", status.get("model").asText());
        assertEquals(List.of(6, 6, 6, 0), List.of(status.get("done").asInt(), status.get("total").asInt(),
                status.get("generated").asInt(), status.get("skipped").asInt()));
        assertEquals(3 * 3 + 6, app.project.totals().candidates());
        assertTrue(app.project.prompts(10).stream().allMatch(p -> p.candidates() == 3 + 2));

        String page = admin.get("/admin").body();
        assertTrue(page.contains("data-state=\"finished\""), page);
        assertTrue(page.contains("<span class=\"done\">6</span>/<span class=\"total\">6</span>"), page);
        assertRedirect(admin.post("/admin/generate", adminForm), "/admin?generation");
        assertEquals(0, finishedGeneration(admin).get("generated").asInt(), "every prompt has its 2 outputs already");
        assertEquals(3 * 3 + 6, app.project.totals().candidates());
    }

    /** Polls the generation status until the run is no longer running. */
    private static JsonNode finishedGeneration(WebClient admin) throws Exception {
        JsonNode status = Json.MAPPER.readTree(admin.get("/admin/generation").body());
        for (long deadline = System.nanoTime() + 60_000_000_000L;
             status.get("state").asText().equals("running") && System.nanoTime() < deadline; ) {
            Thread.sleep(50);
            status = Json.MAPPER.readTree(admin.get("/admin/generation").body());
        }
        assertEquals("finished", status.get("state").asText(), status::toString);
        return status;
    }

    @Test
    void everyPostNeedsTheSessionsCsrfToken() throws Exception {
        WebClient alice = app.loggedIn("alice");
        WebClient bob = app.loggedIn("bob");
        assertEquals(403, alice.post("/queue/next", "type", "ranking").statusCode());
        assertEquals(403, alice.post("/queue/next", "csrf", "forged", "type", "ranking").statusCode());
        assertEquals(403, alice.post("/queue/next", "csrf", bob.csrf(), "type", "ranking").statusCode(), "another session's token");
        WebClient admin = app.loggedIn("admin");
        assertEquals(403, admin.post("/admin/prompts", "prompt", "no token").statusCode());
        assertEquals(403, admin.post("/admin/settings", "csrf", "x", "name", "p", "k", "2", "overlap", "1").statusCode());
        assertEquals(3, app.project.totals().prompts());
        assertEquals(3, app.project.settings().k());
        long task = alice.nextTask("ranking");
        assertEquals(403, alice.post("/tasks/" + task + "/skip", "submission_id", "abcdefgh12", "reason", "x").statusCode());
        assertTrue(alice.get("/tasks/" + task).body().contains("Submit ranking"), "task still open");
    }

    @Test
    void aLabelerCannotReadOrSubmitAnothersTask() throws Exception {
        WebClient alice = app.loggedIn("alice");
        WebClient bob = app.loggedIn("bob");
        long task = alice.nextTask("ranking");
        String page = alice.get("/tasks/" + task).body();
        List<Long> shown = WebClient.shownCandidates(page);
        assertEquals(3, shown.size());
        assertEquals(404, bob.get("/tasks/" + task).statusCode());
        Map<Long, Integer> ranks = new LinkedHashMap<>();
        shown.forEach(id -> ranks.put(id, 1));
        assertEquals(404, bob.post("/tasks/" + task, WebClient.rankingForm(bob.csrf(), "bobsubmission1", ranks)).statusCode());
        assertEquals(404, bob.post("/tasks/" + task + "/skip", "csrf", bob.csrf(), "submission_id", "bobskip123",
                "reason", "Other").statusCode());
        assertFalse(bob.get("/queue").body().contains("/tasks/" + task + "\""), "not in bob's queue");
        assertEquals(0, app.project.totals().rankings());
        assertEquals(0, app.project.totals().skipped());
        assertTrue(alice.get("/tasks/" + task).body().contains("Submit ranking"), "alice's task is untouched");
        // An admin is no exception: tasks belong to their labeler.
        assertEquals(404, app.loggedIn("admin").get("/tasks/" + task).statusCode());
    }

    @Test
    void userTextIsEscapedInPages() throws Exception {
        String evil = "<script>alert(1)</script>";
        WebClient admin = app.loggedIn("admin");
        admin.post("/admin/settings", "csrf", admin.csrf(), "name", "x", "k", "2", "overlap", "1", "demonstrations", "1", "rankings", "1");
        assertRedirect(admin.post("/admin/prompts", "csrf", admin.csrf(), "prompt", evil), "/admin?prompt");
        String adminPage = admin.get("/admin").body();
        assertTrue(adminPage.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "escaped on the admin page");
        assertFalse(adminPage.contains(evil));
        // Candidates are user text too: an admin-added output with markup, shown to a labeler.
        long promptId = app.project.prompts(1).getFirst().id();
        admin.post("/admin/candidates", "csrf", admin.csrf(), "prompt_id", String.valueOf(promptId), "model", "m",
                "output", "<img src=x onerror=alert(2)>");
        admin.post("/admin/candidates", "csrf", admin.csrf(), "prompt_id", String.valueOf(promptId), "model", "m", "output", "plain");
        WebClient carol = app.loggedIn("carol");
        // Oldest prompts first: do the three seeded prompts, then the new one comes up.
        String page = "";
        for (int i = 0; i < 4; i++) {
            long task = carol.nextTask("ranking");
            page = carol.get("/tasks/" + task).body();
            if (page.contains("onerror")) {
                break;
            }
            carol.post("/tasks/" + task + "/skip", "csrf", carol.csrf(), "submission_id", WebClient.skipId(page), "reason", "Other");
        }
        assertTrue(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), page);
        assertTrue(page.contains("&lt;img src=x onerror=alert(2)&gt;"));
        assertFalse(page.contains(evil) || page.contains("<img src=x"));
        HttpResponse<String> r = carol.get("/queue");
        assertTrue(r.headers().firstValue("Content-Security-Policy").orElse("").contains("script-src 'self'"));
    }

    @Test
    void sqlIsParameterised() throws Exception {
        String prompt = "Robert'); DROP TABLE prompts; -- and \" quotes \\ too";
        WebClient admin = app.loggedIn("admin");
        assertRedirect(admin.post("/admin/prompts", "csrf", admin.csrf(), "prompt", prompt), "/admin?prompt");
        WebClient alice = app.loggedIn("alice");
        String completion = "x'); DELETE FROM demonstrations; --";
        long task = 0;
        for (int i = 0; i < 4; i++) {
            task = alice.nextTask("demonstration");
            String page = alice.get("/tasks/" + task).body();
            assertRedirect(alice.post("/tasks/" + task, "csrf", alice.csrf(), "submission_id", WebClient.submissionId(page),
                    "completion", completion), "/queue?saved");
        }
        Exporter.Result result = Exporter.export(app.db, dir.resolve("out"));
        assertEquals(4, result.demonstrations());
        List<String> lines = Files.readAllLines(dir.resolve("out/demonstrations.jsonl"));
        JsonNode last = Json.MAPPER.readTree(lines.getLast());
        assertEquals(prompt, last.get("prompt").asText());
        assertEquals(completion, last.get("completion").asText());
        assertEquals(4, app.project.totals().prompts());
    }

    @Test
    void aRetriedSubmissionIsStoredOnce() throws Exception {
        WebClient alice = app.loggedIn("alice");
        long task = alice.nextTask("ranking");
        String page = alice.get("/tasks/" + task).body();
        List<Long> shown = WebClient.shownCandidates(page);
        Map<Long, Integer> ranks = new LinkedHashMap<>();
        ranks.put(shown.get(0), 2);
        ranks.put(shown.get(1), 1);
        ranks.put(shown.get(2), 2);
        List<String> form = WebClient.rankingForm(alice.csrf(), WebClient.submissionId(page), ranks);
        assertRedirect(alice.post("/tasks/" + task, form), "/queue?saved");
        assertRedirect(alice.post("/tasks/" + task, form), "/queue?saved");
        assertEquals(1, app.project.totals().rankings());
        // A second, different submission for a finished task is refused, not added.
        List<String> other = WebClient.rankingForm(alice.csrf(), "another-submission-id", ranks);
        assertEquals(409, alice.post("/tasks/" + task, other).statusCode());
        assertEquals(1, app.project.totals().rankings());
        Exporter.export(app.db, dir.resolve("out"));
        List<String> lines = Files.readAllLines(dir.resolve("out/comparisons.jsonl"));
        assertEquals(1, lines.size());
        JsonNode line = Json.MAPPER.readTree(lines.getFirst());
        List<Long> sorted = shown.stream().sorted().toList();
        // responses are in candidate-id order; the best is shown.get(1), then a tie of 0 and 2.
        String expected = "[[" + sorted.indexOf(shown.get(1)) + "],"
                + Json.write(List.of(sorted.indexOf(shown.get(0)), sorted.indexOf(shown.get(2))).stream().sorted().toList()) + "]";
        assertEquals(expected, line.get("ranking").toString());
        assertEquals(3, line.get("responses").size());
        // Each response's model, in the same order (TestProject names candidate c "model-c").
        for (int i = 0; i < 3; i++) {
            String response = line.get("responses").get(i).asText();
            assertEquals("model-" + response.charAt("Output ".length()), line.get("models").get(i).asText());
        }
        assertEquals("alice", line.get("labeler").asText());
        // The finished task is shown read-only with its ranks.
        String done = alice.get("/tasks/" + task).body();
        assertFalse(done.contains("Submit ranking"));
        assertTrue(done.contains("rank 1, quality 4"), done);
    }

    @Test
    void incompleteRankingsAreRejectedAndNothingIsStored() throws Exception {
        WebClient alice = app.loggedIn("alice");
        long task = alice.nextTask("ranking");
        String page = alice.get("/tasks/" + task).body();
        List<Long> shown = WebClient.shownCandidates(page);
        Map<Long, Integer> ranks = new LinkedHashMap<>();
        ranks.put(shown.get(0), 1);
        ranks.put(shown.get(1), 2);
        HttpResponse<String> r = alice.post("/tasks/" + task, WebClient.rankingForm(alice.csrf(), WebClient.submissionId(page), ranks));
        assertEquals(400, r.statusCode());
        ranks.put(shown.get(2), 9);
        assertEquals(400, alice.post("/tasks/" + task, WebClient.rankingForm(alice.csrf(), WebClient.submissionId(page), ranks)).statusCode());
        List<String> badFlag = WebClient.rankingForm(alice.csrf(), WebClient.submissionId(page), Map.of(shown.get(0), 1, shown.get(1), 2, shown.get(2), 3));
        badFlag.addAll(List.of("flag_" + shown.get(0), "not_a_flag"));
        assertEquals(400, alice.post("/tasks/" + task, badFlag).statusCode());
        assertEquals(0, app.project.totals().rankings());
    }

    @Test
    void flagsAndRatingsAreStored() throws Exception {
        WebClient alice = app.loggedIn("alice");
        long task = alice.nextTask("ranking");
        String page = alice.get("/tasks/" + task).body();
        List<Long> shown = WebClient.shownCandidates(page);
        List<String> form = WebClient.rankingForm(alice.csrf(), WebClient.submissionId(page), Map.of(shown.get(0), 1, shown.get(1), 2, shown.get(2), 3));
        form.addAll(List.of("flag_" + shown.get(2), "hallucination", "flag_" + shown.get(2), "harmful_advice"));
        assertRedirect(alice.post("/tasks/" + task, form), "/queue?saved");
        var ratings = new org.rlhf4j.labeling.SubmissionStore(app.db).ratings(task);
        assertEquals(java.util.Set.of(org.rlhf4j.labeling.Flag.HALLUCINATION, org.rlhf4j.labeling.Flag.HARMFUL_ADVICE),
                ratings.get(shown.get(2)).flags());
        assertTrue(ratings.get(shown.get(0)).flags().isEmpty());
        assertEquals(4, ratings.get(shown.get(1)).likert());
    }

    @Test
    void overlapDecidesHowManyLabelersGetAPromptAndSkipsGiveItBack() throws Exception {
        app.project.update(new ProjectSettings("test", 3, 2, true, true));
        WebClient alice = app.loggedIn("alice");
        WebClient bob = app.loggedIn("bob");
        WebClient carol = app.loggedIn("carol");
        long a = alice.nextTask("ranking");
        assertEquals(a, alice.nextTask("ranking"), "an open task is given again, not a second one");
        long b = bob.nextTask("ranking");
        long c = carol.nextTask("ranking");
        assertEquals(alice.get("/tasks/" + a).body().contains("Prompt 0"), true);
        assertTrue(bob.get("/tasks/" + b).body().contains("Prompt 0"));
        assertTrue(carol.get("/tasks/" + c).body().contains("Prompt 1"), "prompt 0 has its two labelers");
        String page = bob.get("/tasks/" + b).body();
        String skipId = WebClient.skipId(page);
        assertRedirect(bob.post("/tasks/" + b + "/skip", "csrf", bob.csrf(), "submission_id", skipId, "reason", "Other"), "/queue?skipped");
        assertEquals(1, app.project.totals().skipped());
        // carol finishes prompt 1's task, then gets prompt 0 which bob gave back.
        String cp = carol.get("/tasks/" + c).body();
        List<Long> shown = WebClient.shownCandidates(cp);
        assertRedirect(carol.post("/tasks/" + c, WebClient.rankingForm(carol.csrf(), WebClient.submissionId(cp),
                Map.of(shown.get(0), 1, shown.get(1), 1, shown.get(2), 1))), "/queue?saved");
        long c2 = carol.nextTask("ranking");
        assertTrue(carol.get("/tasks/" + c2).body().contains("Prompt 0"));
    }

    @Test
    void whenNothingIsLeftTheQueueSaysSo() throws Exception {
        app.project.update(new ProjectSettings("test", 3, 1, false, true));
        WebClient alice = app.loggedIn("alice");
        assertRedirect(alice.post("/queue/next", "csrf", alice.csrf(), "type", "demonstration"), "/queue?empty");
        assertTrue(alice.get("/queue?empty").body().contains("No task of that kind"));
        assertFalse(alice.get("/queue").body().contains("next-demonstration"));
    }

    @Test
    void adminsChangeSettingsAndAddUsersPromptsAndOutputs() throws Exception {
        WebClient admin = app.loggedIn("admin");
        assertRedirect(admin.post("/admin/settings", "csrf", admin.csrf(), "name", "Support bot", "k", "4", "overlap", "3",
                "rankings", "1"), "/admin?settings");
        assertEquals(new ProjectSettings("Support bot", 4, 3, false, true), app.project.settings());
        assertEquals(400, admin.post("/admin/settings", "csrf", admin.csrf(), "name", "x", "k", "1", "overlap", "1").statusCode());
        assertRedirect(admin.post("/admin/users", "csrf", admin.csrf(), "name", "dave", "role", "labeler", "password", "dave's password"), "/admin?user");
        assertEquals(400, admin.post("/admin/users", "csrf", admin.csrf(), "name", "dave", "role", "labeler", "password", "dave's password").statusCode());
        assertEquals(303, app.client().login("dave", "dave's password").statusCode());
        assertEquals(400, admin.post("/admin/candidates", "csrf", admin.csrf(), "prompt_id", "999", "output", "x").statusCode());
        String page = admin.get("/admin").body();
        assertTrue(page.contains("dave") && page.contains("Support bot"));
    }
}
