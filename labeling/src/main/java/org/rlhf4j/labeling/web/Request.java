package org.rlhf4j.labeling.web;

import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import org.rlhf4j.labeling.InvalidSubmissionException;
import org.rlhf4j.labeling.User;

/** One HTTP exchange as the routes see it: path parameters, form fields, session, user. */
final class Request {
    private static final int MAX_BODY = 2 * 1024 * 1024;

    final HttpExchange exchange;
    final Matcher path;
    Sessions.Session session;
    User user;
    private Map<String, List<String>> form = Map.of();
    private boolean responded;

    Request(HttpExchange exchange, Matcher path) {
        this.exchange = exchange;
        this.path = path;
    }

    String method() {
        return exchange.getRequestMethod();
    }

    long pathId(int group) {
        try {
            return Long.parseLong(path.group(group));
        } catch (NumberFormatException e) {
            throw new NotFound();
        }
    }

    /** The first value of a form field, or null. */
    String field(String name) {
        List<String> values = form.get(name);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    List<String> fields(String name) {
        return form.getOrDefault(name, List.of());
    }

    Map<String, List<String>> form() {
        return form;
    }

    String cookie(String name) {
        for (String header : exchange.getRequestHeaders().getOrDefault("Cookie", List.of())) {
            for (String part : header.split(";")) {
                int eq = part.indexOf('=');
                if (eq > 0 && part.substring(0, eq).trim().equals(name)) {
                    return part.substring(eq + 1).trim();
                }
            }
        }
        return null;
    }

    void readForm() throws IOException {
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        if (type == null || !type.toLowerCase().startsWith("application/x-www-form-urlencoded")) {
            throw new InvalidSubmissionException("expected a form (application/x-www-form-urlencoded)");
        }
        byte[] body = readBody(exchange.getRequestBody());
        Map<String, List<String>> fields = new LinkedHashMap<>();
        for (String pair : new String(body, StandardCharsets.US_ASCII).split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            fields.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
        form = fields;
    }

    private static byte[] readBody(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) > 0) {
            out.write(buffer, 0, n);
            if (out.size() > MAX_BODY) {
                throw new InvalidSubmissionException("the form is larger than 2 MB");
            }
        }
        return out.toByteArray();
    }

    void setCookie(String value, boolean secure, boolean clear) {
        exchange.getResponseHeaders().add("Set-Cookie", Sessions.COOKIE + "=" + value + "; Path=/; HttpOnly; SameSite=Strict"
                + (secure ? "; Secure" : "") + (clear ? "; Max-Age=0" : ""));
    }

    void html(int status, String body) throws IOException {
        send(status, "text/html; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
    }

    /** 303 See Other: after a POST, the browser GETs the next page. */
    void redirect(String location) throws IOException {
        exchange.getResponseHeaders().set("Location", location);
        send(303, null, new byte[0]);
    }

    void send(int status, String contentType, byte[] body) throws IOException {
        if (responded) {
            throw new IllegalStateException("response already sent");
        }
        responded = true;
        var h = exchange.getResponseHeaders();
        if (contentType != null) {
            h.set("Content-Type", contentType);
        }
        // Scripts and styles only from this server: injected markup could not run anything.
        h.set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; "
                + "img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
        h.set("X-Content-Type-Options", "nosniff");
        h.set("X-Frame-Options", "DENY");
        h.set("Referrer-Policy", "same-origin");
        h.set("Cache-Control", "no-store");
        if (body.length == 0) {
            exchange.sendResponseHeaders(status, -1);
        } else {
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    boolean responded() {
        return responded;
    }

    /** Thrown by a route for a page or task that is not there (or not the user's). */
    static final class NotFound extends RuntimeException {
        NotFound() {
            super(null, null, false, false);
        }
    }

    /** Template variables every page has. */
    Map<String, Object> page(String title) {
        Map<String, Object> model = new HashMap<>();
        model.put("title", title);
        model.put("user", user);
        model.put("csrf", session == null ? null : session.csrf());
        return model;
    }
}
