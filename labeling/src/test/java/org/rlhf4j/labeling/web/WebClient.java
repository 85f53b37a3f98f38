package org.rlhf4j.labeling.web;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One user's HTTP client for the tests: its own cookies, redirects not followed. */
final class WebClient {
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
    private static final Pattern SUBMISSION = Pattern.compile("name=\"submission_id\" value=\"([^\"]+)\"");

    final URI base;
    final CookieManager cookies = new CookieManager();
    private final HttpClient http;

    WebClient(URI base) {
        this.base = base;
        this.http = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** POSTs form fields given as name, value, name, value... (names may repeat). */
    HttpResponse<String> post(String path, String... fields) throws IOException, InterruptedException {
        return post(path, List.of(fields));
    }

    HttpResponse<String> post(String path, List<String> fields) throws IOException, InterruptedException {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i + 1 < fields.size(); i += 2) {
            if (!body.isEmpty()) {
                body.append('&');
            }
            body.append(URLEncoder.encode(fields.get(i), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(fields.get(i + 1), StandardCharsets.UTF_8));
        }
        return http.send(HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The CSRF token of the session, read off a page that has a form. */
    String csrf() throws IOException, InterruptedException {
        return first(CSRF, get("/queue").body());
    }

    static String first(Pattern p, String page) {
        Matcher m = p.matcher(page);
        if (!m.find()) {
            throw new AssertionError("pattern " + p + " not in page:\n" + page);
        }
        return m.group(1);
    }

    static String submissionId(String page) {
        return first(SUBMISSION, page);
    }

    /** The submission id of the page's skip form. */
    static String skipId(String page) {
        return first(Pattern.compile("/skip\"[\\s\\S]*?name=\"submission_id\" value=\"([^\"]+)\""), page);
    }

    static String csrfIn(String page) {
        return first(CSRF, page);
    }

    HttpResponse<String> login(String name, String password) throws IOException, InterruptedException {
        String token = first(CSRF, get("/login").body());
        return post("/login", "csrf", token, "name", name, "password", password);
    }

    /** Asks for the next task of a type and returns its id (the redirect's target). */
    long nextTask(String type) throws IOException, InterruptedException {
        HttpResponse<String> r = post("/queue/next", "csrf", csrf(), "type", type);
        String location = r.headers().firstValue("Location").orElseThrow(() -> new AssertionError("no redirect: " + r.statusCode()));
        if (!location.startsWith("/tasks/")) {
            throw new AssertionError("no task given: " + location);
        }
        return Long.parseLong(location.substring("/tasks/".length()));
    }

    /** Candidate ids of a ranking page, in the order shown. */
    static List<Long> shownCandidates(String page) {
        List<Long> ids = new ArrayList<>();
        Matcher m = Pattern.compile("name=\"rank_(\\d+)\"").matcher(page);
        while (m.find()) {
            ids.add(Long.parseLong(m.group(1)));
        }
        return ids;
    }

    /** Fields of a ranking form: ranks per candidate id, every output rated 4 and flagged as given. */
    static List<String> rankingForm(String csrf, String submissionId, Map<Long, Integer> ranks) {
        List<String> f = new ArrayList<>(List.of("csrf", csrf, "submission_id", submissionId));
        ranks.forEach((id, rank) -> {
            f.addAll(List.of("likert_" + id, "4", "rank_" + id, String.valueOf(rank)));
        });
        return f;
    }
}
