package org.rlhf4j.labeling.web;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;
import org.rlhf4j.labeling.Candidate;
import org.rlhf4j.labeling.Flag;
import org.rlhf4j.labeling.InvalidSubmissionException;
import org.rlhf4j.labeling.OutputRating;
import org.rlhf4j.labeling.ProjectStore;
import org.rlhf4j.labeling.RankingSubmission;
import org.rlhf4j.labeling.SubmissionStore;
import org.rlhf4j.labeling.SubmitResult;
import org.rlhf4j.labeling.Task;
import org.rlhf4j.labeling.TaskQueue;
import org.rlhf4j.labeling.TaskType;

/** A labeler's own queue and tasks: ask for work, do it, skip it, look back at it. */
final class TaskRoutes {
    /** An output as the ranking page shows it: a letter, and (when done) its rank and rating. */
    record ShownOutput(long id, String letter, String text, Integer rank, Integer likert) { }

    private final ProjectStore project;
    private final TaskQueue queue;
    private final SubmissionStore submissions;
    private final Pages pages;

    TaskRoutes(ProjectStore project, TaskQueue queue, SubmissionStore submissions, Pages pages) {
        this.project = project;
        this.queue = queue;
        this.submissions = submissions;
        this.pages = pages;
    }

    void register(List<Route> routes) {
        routes.add(new Route("GET", Pattern.compile("/queue"), Route.Access.USER, this::queuePage));
        routes.add(new Route("POST", Pattern.compile("/queue/next"), Route.Access.USER, this::next));
        routes.add(new Route("GET", Pattern.compile("/tasks/(\\d{1,18})"), Route.Access.USER, this::taskPage));
        routes.add(new Route("POST", Pattern.compile("/tasks/(\\d{1,18})"), Route.Access.USER, this::submit));
        routes.add(new Route("POST", Pattern.compile("/tasks/(\\d{1,18})/skip"), Route.Access.USER, this::skip));
    }

    private void queuePage(Request r) throws IOException {
        queuePage(r, 200, r.field("notice"));
    }

    private void queuePage(Request r, int status, String notice) throws IOException {
        Map<String, Object> model = r.page("My queue");
        model.put("settings", project.settings());
        model.put("tasks", queue.tasksOf(r.user.id(), 200));
        model.put("notice", notice != null ? notice : noticeFromQuery(r));
        r.html(status, pages.render("queue", model));
    }

    private static String noticeFromQuery(Request r) {
        String q = r.exchange.getRequestURI().getQuery();
        if (q == null) {
            return null;
        }
        return switch (q) {
            case "saved" -> "Saved. Thank you!";
            case "skipped" -> "Skipped.";
            case "empty" -> "No task of that kind is left for you.";
            default -> null;
        };
    }

    private void next(Request r) throws IOException {
        TaskType type = TaskType.parse(r.field("type"));
        Optional<Long> task = queue.next(r.user.id(), type);
        r.redirect(task.map(id -> "/tasks/" + id).orElse("/queue?empty"));
    }

    private Task ownTask(Request r) {
        return queue.task(r.pathId(1), r.user.id()).orElseThrow(Request.NotFound::new);
    }

    private void taskPage(Request r) throws IOException {
        Task task = ownTask(r);
        Map<String, Object> model = r.page("Task #" + task.id());
        model.put("task", task);
        // Fresh ids per page view: a resent form repeats its id, a new visit gets a new one.
        model.put("submissionId", UUID.randomUUID().toString());
        model.put("skipId", UUID.randomUUID().toString());
        if (!task.isOpen()) {
            model.put("skipReason", submissions.skipReason(task.id()).orElse(null));
        }
        if (task.type() == TaskType.DEMONSTRATION) {
            if (!task.isOpen()) {
                model.put("completion", submissions.demonstration(task.id()).orElse(null));
            }
            r.html(200, pages.render("demonstration", model));
            return;
        }
        Map<Long, Integer> ranks = new HashMap<>();
        submissions.ranking(task.id()).ifPresent(groups -> {
            for (int g = 0; g < groups.size(); g++) {
                for (long id : groups.get(g)) {
                    ranks.put(id, g + 1);
                }
            }
        });
        Map<Long, OutputRating> ratings = task.isOpen() ? Map.of() : submissions.ratings(task.id());
        List<ShownOutput> outputs = new ArrayList<>();
        for (int i = 0; i < task.candidates().size(); i++) {
            Candidate c = task.candidates().get(i);
            OutputRating rating = ratings.get(c.id());
            outputs.add(new ShownOutput(c.id(), String.valueOf((char) ('A' + i)), c.output(), ranks.get(c.id()),
                    rating == null ? null : rating.likert()));
        }
        model.put("outputs", outputs);
        model.put("flags", List.of(Flag.values()));
        r.html(200, pages.render("ranking", model));
    }

    private void submit(Request r) throws IOException {
        Task task = ownTask(r);
        String submissionId = r.field("submission_id");
        SubmitResult result = task.type() == TaskType.DEMONSTRATION
                ? submissions.submitDemonstration(r.user.id(), task.id(), submissionId, r.field("completion"))
                : submissions.submitRanking(r.user.id(), task.id(), rankingFrom(r, task));
        answer(r, result, "/queue?saved");
    }

    private void skip(Request r) throws IOException {
        Task task = ownTask(r);
        answer(r, submissions.skip(r.user.id(), task.id(), r.field("submission_id"), r.field("reason")), "/queue?skipped");
    }

    private void answer(Request r, SubmitResult result, String next) throws IOException {
        switch (result) {
            // A retry of a stored submission gets the same answer as the first try.
            case SAVED, ALREADY_SAVED -> r.redirect(next);
            case NOT_FOUND -> throw new Request.NotFound();
            case CONFLICT -> queuePage(r, 409, "That task was already finished; nothing was changed.");
        }
    }

    /** Reads likert_ID, flag_ID and rank_ID fields for each shown output; ranks become groups best-first. */
    static RankingSubmission rankingFrom(Request r, Task task) {
        List<OutputRating> ratings = new ArrayList<>();
        TreeMap<Integer, List<Long>> byRank = new TreeMap<>();
        int k = task.candidates().size();
        for (Candidate c : task.candidates()) {
            int likert = number(r.field("likert_" + c.id()), "rate every output (1-7)");
            Set<Flag> flags = new HashSet<>();
            for (String f : r.fields("flag_" + c.id())) {
                flags.add(Flag.parse(f));
            }
            ratings.add(new OutputRating(c.id(), likert, flags));
            int rank = number(r.field("rank_" + c.id()), "give every output a rank");
            if (rank < 1 || rank > k) {
                throw new InvalidSubmissionException("ranks go from 1 to " + k + ", got " + rank);
            }
            byRank.computeIfAbsent(rank, x -> new ArrayList<>()).add(c.id());
        }
        return new RankingSubmission(r.field("submission_id"), ratings, new ArrayList<>(byRank.values()));
    }

    private static int number(String s, String messageIfMissing) {
        if (s == null || s.isBlank()) {
            throw new InvalidSubmissionException(messageIfMissing);
        }
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            throw new InvalidSubmissionException("not a number: " + s);
        }
    }
}
