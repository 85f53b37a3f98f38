package org.rlhf4j.labeling.web;

import java.nio.file.Path;

/** The HTTP suite on an SQLite file in a temporary folder. */
class SqliteHttpTest extends HttpSuite {
    @Override
    String freshDatabase(Path dir) {
        return "jdbc:sqlite:" + dir.resolve("labels.db");
    }
}
