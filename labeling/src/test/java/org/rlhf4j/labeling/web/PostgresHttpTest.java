package org.rlhf4j.labeling.web;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * The HTTP suite on PostgreSQL, when RLHF4J_TEST_POSTGRES_URL names one (e.g.
 * jdbc:postgresql://localhost:5432/rlhf4j_test?user=u&amp;password=p); skipped otherwise.
 * Each test starts from an empty public schema.
 */
class PostgresHttpTest extends HttpSuite {
    @Override
    String freshDatabase(Path dir) throws Exception {
        String url = System.getenv("RLHF4J_TEST_POSTGRES_URL");
        assumeTrue(url != null && !url.isBlank(), "RLHF4J_TEST_POSTGRES_URL is not set");
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS public CASCADE");
            s.execute("CREATE SCHEMA public");
        }
        return url;
    }
}
