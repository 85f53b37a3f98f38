package org.rlhf4j.sim.labelers;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.IntConsumer;
import org.rlhf4j.labeling.Candidate;
import org.rlhf4j.labeling.OutputRating;
import org.rlhf4j.labeling.Passwords;
import org.rlhf4j.labeling.RankingSubmission;
import org.rlhf4j.labeling.Role;
import org.rlhf4j.labeling.SubmissionStore;
import org.rlhf4j.labeling.SubmitResult;
import org.rlhf4j.labeling.Task;
import org.rlhf4j.labeling.TaskQueue;
import org.rlhf4j.labeling.TaskType;
import org.rlhf4j.labeling.User;
import org.rlhf4j.labeling.UserStore;
import org.rlhf4j.labeling.db.Database;
import org.rlhf4j.sim.judge.Checker;
import org.rlhf4j.sim.judge.Measurement;
import org.rlhf4j.sim.prompts.SimPrompt;

/**
 * Simulated labelers doing the labeling app's work through its own store, exactly the path a
 * person's browser takes: each labeler has an account, asks the {@link TaskQueue} for the next task,
 * and submits a demonstration or a ranking (with Likert ratings and flags) to the
 * {@link SubmissionStore}. The project's export then gives the trainers' files, so the demo exercises
 * the real data path. Labelers take turns, one task each, until the queue has no more work for any
 * of them; the project's overlap setting decides how many labelers see each prompt.
 */
public final class StoreLabeling {
    /** What a pass over the queue did. */
    public record Summary(int submitted, int skipped) { }

    private final Database db;
    private final Map<String, SimPrompt> promptsByText;
    private final Checker checker;
    private final Fluency fluency;
    private final long seed;

    /**
     * @param prompts the world's prompts; tasks whose prompt is not among them (e.g. typed in by a
     *                person) are skipped with a reason
     */
    public StoreLabeling(Database db, List<SimPrompt> prompts, Checker checker, Fluency fluency, long seed) {
        this.db = db;
        this.promptsByText = new HashMap<>();
        for (SimPrompt p : prompts) {
            promptsByText.put(p.prompt(), p);
        }
        this.checker = checker;
        this.fluency = fluency;
        this.seed = seed;
    }

    /**
     * The labelers' accounts, created when missing. Their passwords are random and never shown:
     * simulated labelers do not log in, they call the store.
     */
    public Map<SimLabeler, User> accounts(List<SimLabeler> labelers) {
        UserStore users = new UserStore(db, new Passwords(Passwords.FAST_COST));
        Map<String, User> existing = new HashMap<>();
        for (User u : users.all()) {
            existing.put(u.name(), u);
        }
        Map<SimLabeler, User> accounts = new HashMap<>();
        for (SimLabeler labeler : labelers) {
            User user = existing.get(labeler.name());
            if (user == null) {
                byte[] secret = new byte[18];
                new SecureRandom().nextBytes(secret);
                user = users.create(labeler.name(), Role.LABELER, HexFormat.of().formatHex(secret));
            }
            accounts.put(labeler, user);
        }
        return accounts;
    }

    /**
     * Works the queue of one task type until no labeler gets another task.
     *
     * @param progress called with the number of tasks finished so far, after each one
     */
    public Summary work(List<SimLabeler> labelers, TaskType type, IntConsumer progress) {
        Map<SimLabeler, User> accounts = accounts(labelers);
        TaskQueue queue = new TaskQueue(db);
        SubmissionStore store = new SubmissionStore(db);
        int submitted = 0;
        int skipped = 0;
        boolean anyWork = true;
        while (anyWork) {
            anyWork = false;
            for (SimLabeler labeler : labelers) {
                long userId = accounts.get(labeler).id();
                Optional<Long> taskId = queue.next(userId, type);
                if (taskId.isEmpty()) {
                    continue;
                }
                anyWork = true;
                Task task = queue.task(taskId.get(), userId).orElseThrow();
                SimPrompt prompt = promptsByText.get(task.prompt());
                // The store wants 8 to 64 letters, digits, - or _.
                String submissionId = String.format("sim-task-%06d", task.id());
                SubmitResult result;
                if (prompt == null) {
                    result = store.skip(userId, task.id(), submissionId, "not a prompt of the simulated world");
                    skipped++;
                } else if (type == TaskType.DEMONSTRATION) {
                    result = store.submitDemonstration(userId, task.id(), submissionId, labeler.demonstrate(prompt));
                    submitted++;
                } else {
                    result = store.submitRanking(userId, task.id(), ranking(labeler, prompt, task, submissionId));
                    submitted++;
                }
                if (result != SubmitResult.SAVED && result != SubmitResult.ALREADY_SAVED) {
                    throw new IllegalStateException("the labeling store refused " + labeler.name()
                            + "'s submission for task " + task.id() + ": " + result);
                }
                progress.accept(submitted + skipped);
            }
        }
        return new Summary(submitted, skipped);
    }

    private RankingSubmission ranking(SimLabeler labeler, SimPrompt prompt, Task task, String submissionId) {
        // One stream per (labeler, task): the same seed gives the same labels whatever order
        // the tasks come in.
        Random random = new Random(seed * 1_000_003L + task.id() * 7919L + labeler.name().hashCode());
        List<Candidate> candidates = task.candidates();
        List<String> texts = new ArrayList<>();
        List<Measurement> measurements = new ArrayList<>();
        double[] fluencies = new double[candidates.size()];
        for (int i = 0; i < candidates.size(); i++) {
            String text = candidates.get(i).output();
            texts.add(text);
            measurements.add(checker.measure(prompt, text));
            fluencies[i] = fluency.score(prompt.prompt(), text);
        }
        List<OutputRating> ratings = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            ratings.add(new OutputRating(candidates.get(i).id(),
                    labeler.likert(prompt, measurements.get(i), fluencies[i], random), labeler.flags(measurements.get(i))));
        }
        List<List<Long>> groups = new ArrayList<>();
        for (List<Integer> group : labeler.rank(prompt, texts, measurements, fluencies, random)) {
            groups.add(group.stream().map(i -> candidates.get(i).id()).toList());
        }
        return new RankingSubmission(submissionId, ratings, groups);
    }
}
