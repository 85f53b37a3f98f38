package org.rlhf4j.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.rlhf4j.labeling.Passwords;
import org.rlhf4j.labeling.Role;
import org.rlhf4j.labeling.User;
import org.rlhf4j.labeling.UserStore;
import org.rlhf4j.labeling.db.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code rlhf4j label add-user}: creates an account; the password never appears on the command line. */
@Command(name = "add-user", mixinStandardHelpOptions = true,
        description = "Create an admin or labeler account. The password is read from --password-file (its first line) "
                + "or from standard input (first line; asked for without echo on a terminal).")
final class LabelAddUserCommand implements Callable<Integer> {
    @Option(names = "--db", required = true, paramLabel = "URL", description = "Database: jdbc:sqlite:FILE, a file path, or jdbc:postgresql://...")
    String db;

    @Option(names = "--name", required = true, paramLabel = "N", description = "Login name.")
    String name;

    @Option(names = "--role", required = true, paramLabel = "ROLE", description = "admin or labeler.")
    String role;

    @Option(names = "--password-file", paramLabel = "FILE", description = "Read the password from this file's first line.")
    Path passwordFile;

    @Override
    public Integer call() throws Exception {
        Role parsedRole = Role.parse(role);
        String password = password();
        try (Database database = Database.open(db)) {
            User user = new UserStore(database, new Passwords(Passwords.DEFAULT_COST)).create(name, parsedRole, password);
            System.out.println("label: added " + user.role().dbName() + " \"" + user.name() + "\" (id " + user.id() + ")");
        }
        return 0;
    }

    private String password() throws Exception {
        if (passwordFile != null) {
            return firstLine(Files.readString(passwordFile, StandardCharsets.UTF_8));
        }
        Console console = System.console();
        if (console != null && console.isTerminal()) {
            char[] typed = console.readPassword("Password for %s: ", name);
            return typed == null ? "" : new String(typed);
        }
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line = in.readLine();
        return line == null ? "" : line;
    }

    private static String firstLine(String text) {
        int nl = text.indexOf('\n');
        String line = nl < 0 ? text : text.substring(0, nl);
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }
}
