package org.rlhf4j.tensor.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    private static void assumePosix() {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "POSIX permissions only");
    }

    private Set<PosixFilePermission> plainFileMode() throws IOException {
        Path plain = dir.resolve("plain.txt");
        Files.write(plain, new byte[] {1});
        return Files.getPosixFilePermissions(plain);
    }

    @Test
    void writtenFileGetsTheModeOfAPlainWrite() throws IOException {
        assumePosix();
        Path file = dir.resolve("weights.bin");
        AtomicFiles.write(file, out -> out.write(new byte[] {1, 2, 3}));
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(file));
        Set<PosixFilePermission> expected = plainFileMode();
        assertEquals(PosixFilePermissions.toString(expected),
                PosixFilePermissions.toString(Files.getPosixFilePermissions(file)),
                "an atomically written file has the mode the umask gives any new file");
    }

    @Test
    void replacingAFileGivesTheNewOneThePlainMode() throws IOException {
        assumePosix();
        Path file = dir.resolve("config.json");
        Files.writeString(file, "old");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        AtomicFiles.write(file, out -> out.write("new".getBytes()));
        assertEquals("new", Files.readString(file));
        assertEquals(PosixFilePermissions.toString(plainFileMode()),
                PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void failedWriteKeepsTheOldFileAndLeavesNoTemporaryFile() throws IOException {
        Path file = dir.resolve("keep.bin");
        AtomicFiles.write(file, out -> out.write(new byte[] {7}));
        assertThrows(SafetensorsException.class, () -> AtomicFiles.write(file, out -> {
            out.write(new byte[] {1, 2, 3});
            throw new IOException("No space left on device");
        }));
        assertArrayEquals(new byte[] {7}, Files.readAllBytes(file));
        try (var listing = Files.list(dir)) {
            assertEquals(List.of(file), listing.toList(), "no temporary file left behind");
        }
    }

    @Test
    void manyWritesOfOneFileLeaveOnlyTheFile() throws Exception {
        Path file = dir.resolve("state.json");
        List<Thread> threads = new java.util.ArrayList<>();
        for (int t = 0; t < 8; t++) {
            byte b = (byte) t;
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 20; i++) {
                    AtomicFiles.write(file, out -> out.write(new byte[] {b, b}));
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        byte[] last = Files.readAllBytes(file);
        assertEquals(2, last.length);
        assertEquals(last[0], last[1]);
        try (var listing = Files.list(dir)) {
            assertEquals(List.of(file), listing.toList(), "concurrent writers use distinct temporary files");
        }
    }
}
