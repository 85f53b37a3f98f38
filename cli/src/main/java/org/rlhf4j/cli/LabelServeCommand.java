package org.rlhf4j.cli;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.rlhf4j.labeling.Passwords;
import org.rlhf4j.labeling.db.Database;
import org.rlhf4j.labeling.web.LabelingServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code rlhf4j label serve}: runs the labeling web app until interrupted. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve the labeling app (login, task queues, ranking and demonstration pages, admin pages).")
final class LabelServeCommand implements Callable<Integer> {
    @Option(names = "--db", required = true, paramLabel = "URL",
            description = "jdbc:sqlite:FILE, a plain file path (SQLite), or jdbc:postgresql://HOST:PORT/DB?user=...&password=...")
    String db;

    @Option(names = "--port", paramLabel = "P", defaultValue = "8080", description = "Port (default: ${DEFAULT-VALUE}; 0 = any free one).")
    int port;

    @Option(names = "--host", paramLabel = "ADDR", defaultValue = "127.0.0.1",
            description = "Address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 for every interface).")
    String host;

    @Option(names = "--secure-cookies", description = "Mark the session cookie Secure (when served over HTTPS behind a proxy).")
    boolean secureCookies;

    @Override
    public Integer call() throws Exception {
        Database database = Database.open(db);
        LabelingServer server = LabelingServer.start(database, new LabelingServer.Options(host, port, secureCookies),
                new Passwords(Passwords.DEFAULT_COST));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            database.close();
            stopped.countDown();
        }));
        System.out.println("label: serving " + server.uri() + " (Ctrl-C stops; add accounts with `rlhf4j label add-user`)");
        stopped.await();
        return 0;
    }
}
