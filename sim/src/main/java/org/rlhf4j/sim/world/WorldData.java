package org.rlhf4j.sim.world;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * The project's {@code data/} folder as the sim jar carries it: classpath resources under
 * {@code rlhf4j-data/} (see sim/pom.xml), so the world needs neither the source tree nor a network.
 * Paths are relative to {@code data/}, e.g. {@code "facts/europe"} or {@code "corpus/jane-austen-novels.txt.gz"}.
 */
public final class WorldData {
    private static final String ROOT = "rlhf4j-data/";

    /** The corpus files, in the order their sentences are numbered. */
    public static final List<String> CORPUS_FILES =
            List.of("corpus/jane-austen-novels.txt.gz", "corpus/state-of-the-union.txt.gz");

    private WorldData() {
    }

    /** The bytes of one data file; a {@code .gz} file is decompressed on the fly. */
    public static InputStream open(String path) {
        InputStream in = WorldData.class.getClassLoader().getResourceAsStream(ROOT + path);
        if (in == null) {
            throw new UncheckedIOException(new IOException(
                    "data file " + path + " is not on the classpath (expected as resource " + ROOT + path + ")"));
        }
        if (!path.endsWith(".gz")) {
            return in;
        }
        try {
            return new GZIPInputStream(in, 1 << 16);
        } catch (IOException e) {
            throw new UncheckedIOException("data file " + path + " is not gzip", e);
        }
    }

    /** A data file as UTF-8 text, line by line. */
    public static BufferedReader reader(String path) {
        return new BufferedReader(new InputStreamReader(open(path), StandardCharsets.UTF_8), 1 << 16);
    }

    /** Every line of a (small) data file. */
    public static List<String> lines(String path) {
        try (BufferedReader reader = reader(path)) {
            return reader.lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read data file " + path, e);
        }
    }
}
