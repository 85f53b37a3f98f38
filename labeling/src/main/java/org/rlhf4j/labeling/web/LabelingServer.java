package org.rlhf4j.labeling.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.rlhf4j.labeling.Passwords;
import org.rlhf4j.labeling.ProjectStore;
import org.rlhf4j.labeling.SubmissionStore;
import org.rlhf4j.labeling.TaskQueue;
import org.rlhf4j.labeling.UserStore;
import org.rlhf4j.labeling.db.Database;

/**
 * The labeling web app on the JDK's HTTP server, one virtual thread per request. Every
 * request passes the same gate before its route: a session from the cookie, login for
 * anything but the login page (GET: redirect to it; POST: 403), the admin role for admin
 * pages (403), and the session's CSRF token on every POST (403).
 */
public final class LabelingServer implements AutoCloseable {
    /** Where to listen; {@code secureCookies} when served over HTTPS (behind a proxy). */
    public record Options(String host, int port, boolean secureCookies) { }

    private final HttpServer server;
    private final ExecutorService executor;
    private final List<Route> routes = new ArrayList<>();
    private final Sessions sessions = new Sessions();
    private final Pages pages = new Pages();
    private final boolean secureCookies;
    private final UserStore users;
    private final GenerationJob generation;

    private LabelingServer(Database db, Options options, Passwords passwords) throws IOException {
        this.secureCookies = options.secureCookies();
        this.users = new UserStore(db, passwords);
        ProjectStore project = new ProjectStore(db);
        TaskQueue queue = new TaskQueue(db);
        SubmissionStore submissions = new SubmissionStore(db);
        new AuthRoutes(users, sessions, pages, secureCookies).register(routes);
        new TaskRoutes(project, queue, submissions, pages).register(routes);
        generation = new GenerationJob(db);
        new AdminRoutes(db, project, users, pages, generation).register(routes);
        routes.add(new Route("GET", Pattern.compile("/static/(app\\.js|app\\.css)"), Route.Access.PUBLIC, this::asset));
        routes.add(new Route("GET", Pattern.compile("/"), Route.Access.USER,
                r -> r.redirect(r.user.isAdmin() ? "/admin" : "/queue")));
        server = HttpServer.create(new InetSocketAddress(options.host(), options.port()), 256);
        executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.createContext("/", this::dispatch);
    }

    /** Starts serving; {@code port} 0 picks a free one (see {@link #uri()}). */
    public static LabelingServer start(Database db, Options options, Passwords passwords) throws IOException {
        LabelingServer s = new LabelingServer(db, options, passwords);
        s.server.start();
        return s;
    }

    public URI uri() {
        InetSocketAddress a = server.getAddress();
        return URI.create("http://" + a.getHostString() + ":" + a.getPort() + "/");
    }

    private void dispatch(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        Route route = null;
        Matcher matcher = null;
        boolean pathKnown = false;
        for (Route r : routes) {
            Matcher m = r.path().matcher(path);
            if (m.matches()) {
                pathKnown = true;
                if (r.method().equals(method)) {
                    route = r;
                    matcher = m;
                    break;
                }
            }
        }
        Request request = new Request(exchange, matcher);
        try {
            if (route == null) {
                error(request, pathKnown ? 405 : 404, pathKnown ? "Method not allowed" : "Not found", "There is no such page.");
                return;
            }
            request.session = sessions.find(request.cookie(Sessions.COOKIE)).orElse(null);
            if (request.session != null && request.session.userId() != null) {
                request.user = users.find(request.session.userId()).orElse(null);
            }
            if (route.access() != Route.Access.PUBLIC && request.user == null) {
                if (method.equals("GET")) {
                    request.redirect("/login");
                } else {
                    error(request, 403, "Forbidden", "Log in first.");
                }
                return;
            }
            if (route.access() == Route.Access.ADMIN && !request.user.isAdmin()) {
                error(request, 403, "Forbidden", "This page is for admins.");
                return;
            }
            if (method.equals("POST")) {
                request.readForm();
                if (request.session == null || !request.session.checkCsrf(request.field("csrf"))) {
                    error(request, 403, "Forbidden", "The form's security token is missing or stale: reload the page and try again.");
                    return;
                }
            }
            route.handler().handle(request);
        } catch (Request.NotFound e) {
            error(request, 404, "Not found", "There is no such task in your queue.");
        } catch (IllegalArgumentException e) {
            // InvalidSubmissionException and the parsers' errors: the request was wrong.
            error(request, 400, "Cannot accept this", e.getMessage());
        } catch (Exception e) {
            System.err.println("labeling: " + method + " " + path + " failed: " + e);
            error(request, 500, "Server error", "Something went wrong; nothing was stored. Try again.");
        } finally {
            exchange.close();
        }
    }

    private void error(Request request, int status, String heading, String message) throws IOException {
        if (request.responded()) {
            return;
        }
        Map<String, Object> model = request.page(heading);
        model.put("heading", heading);
        model.put("message", message);
        request.html(status, pages.render("error", model));
    }

    private void asset(Request r) throws IOException {
        String name = r.path.group(1);
        try (InputStream in = LabelingServer.class.getResourceAsStream("/static/" + name)) {
            if (in == null) {
                throw new Request.NotFound();
            }
            String type = name.endsWith(".js") ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8";
            r.send(200, type, in.readAllBytes());
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.close();
        generation.close();
    }
}
