package org.rlhf4j.labeling.db;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.sqlite.SQLiteConfig;

/**
 * The labeling database: SQLite embedded (a file path or {@code jdbc:sqlite:...}) or
 * PostgreSQL ({@code jdbc:postgresql://...}). Migrates the schema on open, then hands out
 * pooled connections; every write goes through {@link #transaction}, which commits or rolls
 * back as a whole.
 */
public final class Database implements AutoCloseable {

    /** Which SQL dialect sits behind the URL; the schema is the same on both. */
    public enum Vendor { SQLITE, POSTGRESQL }

    /** Work done on a connection. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private static final int SQLITE_BUSY_TIMEOUT_MS = 30_000;

    private final String url;
    private final Vendor vendor;
    private final BlockingQueue<Connection> idle;
    private volatile boolean closed;

    private Database(String url, Vendor vendor, int poolSize) throws SQLException {
        this.url = url;
        this.vendor = vendor;
        this.idle = new ArrayBlockingQueue<>(poolSize);
        for (int i = 0; i < poolSize; i++) {
            idle.add(connect());
        }
    }

    /** Opens (creating if needed) and migrates the database at {@code urlOrPath}. */
    public static Database open(String urlOrPath) {
        String url = jdbcUrl(urlOrPath);
        Vendor vendor = vendorOf(url);
        try {
            if (vendor == Vendor.SQLITE) {
                // WAL is a property of the file: set it before Flyway's own connection writes.
                try (Connection c = DriverManager.getConnection(url, sqliteProperties())) {
                    c.createStatement().close();
                }
            }
            Migrations.migrate(url, vendor);
            // SQLite serialises writers anyway; a few connections let reads proceed under WAL.
            return new Database(url, vendor, vendor == Vendor.SQLITE ? 8 : 16);
        } catch (SQLException e) {
            throw new DatabaseException("cannot open database " + redact(url) + ": " + e.getMessage(), e);
        }
    }

    /** {@code jdbc:...} URLs pass through; anything else is a path to an SQLite file. */
    public static String jdbcUrl(String urlOrPath) {
        if (urlOrPath == null || urlOrPath.isBlank()) {
            throw new IllegalArgumentException("--db: give a JDBC URL or a path to an SQLite file");
        }
        if (urlOrPath.startsWith("jdbc:")) {
            return urlOrPath;
        }
        return "jdbc:sqlite:" + Path.of(urlOrPath).toAbsolutePath();
    }

    static Vendor vendorOf(String url) {
        if (url.startsWith("jdbc:sqlite:")) {
            return Vendor.SQLITE;
        }
        if (url.startsWith("jdbc:postgresql:")) {
            return Vendor.POSTGRESQL;
        }
        throw new IllegalArgumentException("unsupported database URL " + redact(url)
                + " (use jdbc:sqlite:FILE, a file path, or jdbc:postgresql://HOST/DB)");
    }

    /** The URL without its query string, which may carry a password. */
    static String redact(String url) {
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q) + "?...";
    }

    static Properties sqliteProperties() {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setBusyTimeout(SQLITE_BUSY_TIMEOUT_MS);
        // FULL: a commit is on disk before the labeler is told it was saved.
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.enforceForeignKeys(true);
        // BEGIN IMMEDIATE takes the write lock up front, so a transaction that reads then
        // writes waits for the busy timeout instead of failing with SQLITE_BUSY mid-way.
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        return config.toProperties();
    }

    private Connection connect() throws SQLException {
        return vendor == Vendor.SQLITE
                ? DriverManager.getConnection(url, sqliteProperties())
                : DriverManager.getConnection(url);
    }

    public Vendor vendor() {
        return vendor;
    }

    /** Runs {@code work} in one transaction: all of it is committed, or none. */
    public <T> T transaction(Work<T> work) {
        Connection c = borrow();
        boolean ok = false;
        try {
            c.setAutoCommit(false);
            T result = work.run(c);
            c.commit();
            ok = true;
            return result;
        } catch (SQLException e) {
            throw new DatabaseException(e.getMessage(), e);
        } finally {
            finish(c, ok);
        }
    }

    /** Runs {@code work} outside a transaction (reads; each statement sees committed data). */
    public <T> T read(Work<T> work) {
        Connection c = borrow();
        try {
            return work.run(c);
        } catch (SQLException e) {
            throw new DatabaseException(e.getMessage(), e);
        } finally {
            release(c);
        }
    }

    private void finish(Connection c, boolean committed) {
        try {
            if (!committed) {
                c.rollback();
            }
            c.setAutoCommit(true);
            release(c);
        } catch (SQLException e) {
            // A connection that cannot roll back is not given to anyone else.
            replace(c);
        }
    }

    private Connection borrow() {
        if (closed) {
            throw new DatabaseException("database is closed", null);
        }
        try {
            Connection c = idle.poll(60, TimeUnit.SECONDS);
            if (c == null) {
                throw new DatabaseException("no free database connection after 60 s", null);
            }
            return c;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DatabaseException("interrupted waiting for a database connection", e);
        }
    }

    private void release(Connection c) {
        if (closed) {
            closeQuietly(c);
        } else {
            idle.add(c);
        }
    }

    private void replace(Connection broken) {
        closeQuietly(broken);
        try {
            idle.add(connect());
        } catch (SQLException e) {
            throw new DatabaseException("cannot reconnect: " + e.getMessage(), e);
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() {
        closed = true;
        Connection c;
        while ((c = idle.poll()) != null) {
            closeQuietly(c);
        }
    }
}
