package org.rlhf4j.labeling.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.rlhf4j.labeling.JsonlImporter;
import org.rlhf4j.labeling.Passwords;
import org.rlhf4j.labeling.ProjectSettings;
import org.rlhf4j.labeling.ProjectStore;
import org.rlhf4j.labeling.Role;
import org.rlhf4j.labeling.UserStore;
import org.rlhf4j.labeling.db.Database;
import org.rlhf4j.labeling.web.LabelingServer;

/**
 * Load test of the labeling app: a server on loopback with a fresh SQLite file, N labelers
 * (virtual threads, one HTTP session each) asking for ranking tasks and submitting them as
 * fast as answers come, some submissions sent twice as a browser retry would. Afterwards
 * the database must hold exactly the submissions that were answered with success.
 */
public final class LabelBenchmark {
    /** The figures; {@code lost}: acknowledged but not stored; {@code doubled}: stored twice. */
    public record Result(double submissionsPerSecond, double p50Ms, double p99Ms, long ok, long lost, long doubled,
                         long unacknowledgedStored, long errors, long retries) {
        public boolean consistent() {
            return lost == 0 && doubled == 0 && unacknowledgedStored == 0;
        }

        public String line() {
            return String.format(Locale.ROOT, "label submissions_per_s=%.1f p50_ms=%.2f p99_ms=%.2f ok=%d lost=%d doubled=%d",
                    submissionsPerSecond, p50Ms, p99Ms, ok, lost, doubled);
        }
    }

    private static final int K = 4;
    private static final double RETRY_SHARE = 0.05;
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
    private static final Pattern SUBMISSION = Pattern.compile("name=\"submission_id\" value=\"([^\"]+)\"");
    private static final Pattern RANK = Pattern.compile("name=\"rank_(\\d+)\"");

    private LabelBenchmark() {
    }

    public static Result run(int labelers, Duration duration, PrintStream log) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("rlhf4j-label-bench");
        try (Database db = Database.open("jdbc:sqlite:" + dir.resolve("bench.db"))) {
            // Every labeler ranks every prompt (overlap = labelers): enough work for ~labelers x 50/s.
            int prompts = (int) Math.max(100, 50 * duration.toSeconds());
            setUp(db, dir, labelers, prompts);
            log.printf("label bench: %d labelers, %d prompts x %d outputs, %d s, database %s%n",
                    labelers, prompts, K, duration.toSeconds(), dir.resolve("bench.db"));
            try (LabelingServer server = LabelingServer.start(db, new LabelingServer.Options("127.0.0.1", 0, false),
                    new Passwords(Passwords.FAST_COST))) {
                return drive(db, server.uri(), labelers, duration);
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void setUp(Database db, Path dir, int labelers, int prompts) throws IOException {
        UserStore users = new UserStore(db, new Passwords(Passwords.FAST_COST));
        for (int i = 0; i < labelers; i++) {
            users.create(name(i), Role.LABELER, "bench-password");
        }
        new ProjectStore(db).update(new ProjectSettings("bench", K, labelers, false, true));
        Path file = dir.resolve("candidates.jsonl");
        StringBuilder lines = new StringBuilder();
        for (int p = 0; p < prompts; p++) {
            for (int c = 0; c < K; c++) {
                lines.append("{\"prompt\":\"Benchmark prompt ").append(p).append("\",\"model\":\"m").append(c)
                        .append("\",\"output\":\"Output ").append(c).append(" of prompt ").append(p).append("\"}\n");
            }
        }
        Files.writeString(file, lines);
        new JsonlImporter(db).importCandidates(file);
    }

    private static String name(int i) {
        return String.format(Locale.ROOT, "labeler%02d", i);
    }

    private static Result drive(Database db, URI base, int labelers, Duration duration) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();
        Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
        ConcurrentLinkedQueue<Long> latenciesNs = new ConcurrentLinkedQueue<>();
        AtomicLong errors = new AtomicLong();
        AtomicLong retries = new AtomicLong();
        long start = System.nanoTime();
        long deadline = start + duration.toNanos();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < labelers; i++) {
                int id = i;
                threads.submit(() -> {
                    new Labeler(http, base, name(id), new SplittableRandom(id)).work(deadline, acknowledged, latenciesNs, errors, retries);
                    return null;
                });
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Set<Long> stored = new HashSet<>();
        long[] rows = db.read(c -> {
            long[] counts = new long[4];
            try (PreparedStatement s = c.prepareStatement("SELECT task_id FROM rankings"); ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    stored.add(rs.getLong(1));
                    counts[0]++;
                }
            }
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT COUNT(*), (SELECT COUNT(*) FROM (SELECT DISTINCT task_id, candidate_id FROM ratings) d) FROM ratings");
                 ResultSet rs = s.executeQuery()) {
                rs.next();
                counts[1] = rs.getLong(1);
                counts[2] = rs.getLong(2);
            }
            return counts;
        });
        long lost = acknowledged.stream().filter(t -> !stored.contains(t)).count();
        long unacknowledged = stored.stream().filter(t -> !acknowledged.contains(t)).count();
        long doubled = (rows[0] - stored.size()) + (rows[1] - rows[2]) + Math.max(0, rows[1] - K * rows[0]);
        long[] ns = latenciesNs.stream().mapToLong(Long::longValue).sorted().toArray();
        return new Result(acknowledged.size() / seconds, percentile(ns, 0.50), percentile(ns, 0.99),
                acknowledged.size(), lost, doubled, unacknowledged, errors.get(), retries.get());
    }

    private static double percentile(long[] sortedNs, double q) {
        if (sortedNs.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.min(sortedNs.length - 1, Math.ceil(q * sortedNs.length) - 1);
        return sortedNs[Math.max(0, i)] / 1e6;
    }

    /** One simulated labeler: an HTTP session that asks for tasks and submits random rankings. */
    private static final class Labeler {
        private final HttpClient http;
        private final URI base;
        private final String name;
        private final SplittableRandom random;
        private String cookie;

        Labeler(HttpClient http, URI base, String name, SplittableRandom random) {
            this.http = http;
            this.base = base;
            this.name = name;
            this.random = random;
        }

        void work(long deadline, Set<Long> acknowledged, ConcurrentLinkedQueue<Long> latencies, AtomicLong errors,
                  AtomicLong retries) throws IOException, InterruptedException {
            String csrf = login();
            while (System.nanoTime() < deadline) {
                try {
                    HttpResponse<String> next = post("/queue/next", csrf, List.of("type", "ranking"));
                    String location = next.headers().firstValue("Location").orElse("");
                    if (!location.startsWith("/tasks/")) {
                        if (location.startsWith("/queue?empty")) {
                            return;
                        }
                        errors.incrementAndGet();
                        continue;
                    }
                    long task = Long.parseLong(location.substring("/tasks/".length()));
                    String page = get(location).body();
                    List<String> form = rankingForm(page);
                    long t0 = System.nanoTime();
                    HttpResponse<String> answer = post(location, csrf, form);
                    latencies.add(System.nanoTime() - t0);
                    if (answer.statusCode() == 303 && answer.headers().firstValue("Location").orElse("").equals("/queue?saved")) {
                        acknowledged.add(task);
                    } else {
                        errors.incrementAndGet();
                        continue;
                    }
                    if (random.nextDouble() < RETRY_SHARE) {
                        // The same form again, as after a lost answer: must change nothing.
                        retries.incrementAndGet();
                        if (post(location, csrf, form).statusCode() != 303) {
                            errors.incrementAndGet();
                        }
                    }
                } catch (IOException e) {
                    errors.incrementAndGet();
                }
            }
        }

        private String login() throws IOException, InterruptedException {
            HttpResponse<String> form = get("/login");
            cookie = form.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
            String csrf = find(CSRF, form.body());
            HttpResponse<String> in = post("/login", csrf, List.of("name", name, "password", "bench-password"));
            if (in.statusCode() != 303) {
                throw new IllegalStateException(name + " cannot log in: " + in.statusCode());
            }
            cookie = in.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
            return find(CSRF, get("/queue").body());
        }

        private List<String> rankingForm(String page) {
            List<String> form = new ArrayList<>(List.of("submission_id", find(SUBMISSION, page)));
            Matcher m = RANK.matcher(page);
            while (m.find()) {
                String id = m.group(1);
                // Ranks drawn from 1..K, so ties happen, as with people.
                form.addAll(Arrays.asList("likert_" + id, String.valueOf(1 + random.nextInt(7)),
                        "rank_" + id, String.valueOf(1 + random.nextInt(K))));
                if (random.nextInt(10) == 0) {
                    form.addAll(List.of("flag_" + id, "hallucination"));
                }
            }
            return form;
        }

        private HttpResponse<String> get(String path) throws IOException, InterruptedException {
            HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60)).GET();
            if (cookie != null) {
                b.header("Cookie", cookie);
            }
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        }

        private HttpResponse<String> post(String path, String csrf, List<String> fields) throws IOException, InterruptedException {
            StringBuilder body = new StringBuilder("csrf=").append(URLEncoder.encode(csrf, StandardCharsets.UTF_8));
            for (int i = 0; i + 1 < fields.size(); i += 2) {
                body.append('&').append(URLEncoder.encode(fields.get(i), StandardCharsets.UTF_8)).append('=')
                        .append(URLEncoder.encode(fields.get(i + 1), StandardCharsets.UTF_8));
            }
            HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
            if (cookie != null) {
                b.header("Cookie", cookie);
            }
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        }

        private static String find(Pattern p, String page) {
            Matcher m = p.matcher(page);
            if (!m.find()) {
                throw new UncheckedIOException(new IOException("unexpected page: " + p + " not found"));
            }
            return m.group(1);
        }
    }
}
