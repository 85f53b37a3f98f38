package org.rlhf4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rlhf4j.model.tokenizer.TokenizerFixtures;

/** Ctrl-C (SIGINT) during training, delivered to a real `rlhf4j pretrain` process. */
class InterruptTest {
    @TempDir
    Path tmp;

    @Test
    void ctrlCSaysWhereTheRunStoppedAndHowToContinue() throws Exception {
        Path tokenizer = TokenizerFixtures.gpt2(tmp.resolve("tok"));
        CommandsTest.Run init = CommandsTest.run("init", "--arch", "gpt2", "--tokenizer", tokenizer.toString(), "--out",
                tmp.resolve("init").toString(), "--layers", "1", "--d-model", "32", "--heads", "2", "--positions", "64");
        assertEquals(0, init.code(), init.err());
        List<String> text = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            text.add("{\"text\": \"hello world. the world. hello the world. hello world " + i + ".\"}");
        }
        Path corpus = Files.write(tmp.resolve("text.jsonl"), text);
        Path out = tmp.resolve("run");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "--add-modules", "jdk.incubator.vector", "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "pretrain", "--model",
                tmp.resolve("init").toString(), "--data", corpus.toString(), "--out", out.toString(), "--block-length", "16",
                "--batch-size", "2", "--max-steps", "1000000", "--checkpoint-every", "3")
                .redirectError(tmp.resolve("stderr.txt").toFile()).redirectOutput(tmp.resolve("stdout.txt").toFile()).start();
        try {
            Path firstCheckpoint = out.resolve("checkpoints/step-00000003");
            for (int i = 0; i < 600 && !Files.isDirectory(firstCheckpoint); i++) {
                assertTrue(p.isAlive(), () -> "the run ended early: " + read(tmp.resolve("stderr.txt")));
                Thread.sleep(100);
            }
            assertTrue(Files.isDirectory(firstCheckpoint), "a checkpoint within a minute");
            new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the process ends on SIGINT");
        } finally {
            p.destroyForcibly();
        }
        String err = read(tmp.resolve("stderr.txt"));
        Matcher m = Pattern.compile("pretrain: interrupted at step (\\d+); the checkpoint of step (\\d+) is kept; "
                + "continue with --resume").matcher(err);
        assertTrue(m.find(), err);
        long step = Long.parseLong(m.group(1));
        long kept = Long.parseLong(m.group(2));
        assertTrue(kept >= 3 && kept % 3 == 0 && kept <= step, err);
        assertTrue(Files.isDirectory(out.resolve(String.format("checkpoints/step-%08d", kept))), "the checkpoint named exists");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
