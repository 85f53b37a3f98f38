package org.rlhf4j.labeling.web;

import java.io.IOException;
import java.nio.file.Path;
import org.rlhf4j.labeling.Passwords;
import org.rlhf4j.labeling.ProjectSettings;
import org.rlhf4j.labeling.ProjectStore;
import org.rlhf4j.labeling.Role;
import org.rlhf4j.labeling.UserStore;
import org.rlhf4j.labeling.db.Database;

/** A database with an admin, three labelers and rankable prompts, and a server on loopback. */
final class TestProject implements AutoCloseable {
    static final String PASSWORD = "correct horse battery";

    final Database db;
    final LabelingServer server;
    final ProjectStore project;

    TestProject(String dbUrl, int prompts, int k) throws IOException {
        db = Database.open(dbUrl);
        Passwords fast = new Passwords(Passwords.FAST_COST);
        UserStore users = new UserStore(db, fast);
        users.create("admin", Role.ADMIN, PASSWORD);
        users.create("alice", Role.LABELER, PASSWORD);
        users.create("bob", Role.LABELER, PASSWORD);
        users.create("carol", Role.LABELER, PASSWORD);
        project = new ProjectStore(db);
        project.update(new ProjectSettings("test", k, 1, true, true));
        for (int p = 0; p < prompts; p++) {
            long id = project.addPrompt("Prompt " + p + ": explain something.");
            for (int c = 0; c < k; c++) {
                project.addCandidate(id, "model-" + c, "Output " + c + " for prompt " + p);
            }
        }
        server = LabelingServer.start(db, new LabelingServer.Options("127.0.0.1", 0, false), fast);
    }

    static TestProject sqlite(Path dir, int prompts, int k) throws IOException {
        return new TestProject("jdbc:sqlite:" + dir.resolve("labels.db"), prompts, k);
    }

    WebClient client() {
        return new WebClient(server.uri());
    }

    WebClient loggedIn(String name) throws IOException, InterruptedException {
        WebClient c = client();
        int status = c.login(name, PASSWORD).statusCode();
        if (status != 303) {
            throw new AssertionError("login of " + name + " answered " + status);
        }
        return c;
    }

    @Override
    public void close() {
        server.close();
        db.close();
    }
}
