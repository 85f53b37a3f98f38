package org.rlhf4j.tensor.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;

/**
 * Writes a file all-or-nothing: into a temporary file in the same folder, forced to disk,
 * then renamed over the target. A failure (full disk, crash) leaves the old file intact.
 *
 * <p>The temporary file is created like any new file ({@code O_CREAT|O_EXCL}, mode 0666 less
 * the process umask), not with {@link Files#createTempFile}, whose 0600 would make weights and
 * configs private while the other files of the same folder are not.
 */
public final class AtomicFiles {
    private static final SecureRandom RANDOM = new SecureRandom();

    private AtomicFiles() {}

    /** What writes the file's bytes. */
    @FunctionalInterface
    public interface Body {
        void write(OutputStream out) throws IOException;
    }

    public static void write(Path target, Body body) {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            FileChannel ch = null;
            for (int attempt = 0; ch == null; attempt++) {
                Path candidate = dir.resolve("." + target.getFileName() + "." + Long.toUnsignedString(RANDOM.nextLong(), 36) + ".tmp");
                try {
                    ch = FileChannel.open(candidate, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                    tmp = candidate;
                } catch (FileAlreadyExistsException e) {
                    if (attempt == 100) { // someone else's file: draw another name, but not forever
                        throw e;
                    }
                }
            }
            try (FileChannel file = ch; OutputStream out = new BufferedOutputStream(Channels.newOutputStream(file), 1 << 20)) {
                body.write(out);
                out.flush();
                file.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
        } catch (IOException e) {
            throw new SafetensorsException(target + ": write failed (" + e + "); any previous file is unchanged", e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort: a stray temp file is harmless and named as such
                }
            }
        }
    }
}
