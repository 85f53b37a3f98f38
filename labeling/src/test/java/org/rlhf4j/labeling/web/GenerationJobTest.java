package org.rlhf4j.labeling.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.rlhf4j.labeling.CandidateGenerator;

/** One run at a time, its progress, its end: finished, failed, or stopped by closing. */
class GenerationJobTest {
    private static final CandidateGenerator.Config CONFIG = new CandidateGenerator.Config(null, 2, 8, 1f, 1f, 0, 8);

    private static GenerationJob.Status awaitEnd(GenerationJob job) throws InterruptedException {
        for (int i = 0; i < 1000 && job.status().running(); i++) {
            Thread.sleep(5);
        }
        return job.status();
    }

    @Test
    void aSecondRunWaitsForTheFirstToFinish() throws Exception {
        CountDownLatch reported = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        GenerationJob job = new GenerationJob((dir, config, progress) -> {
            progress.update(3, 10);
            reported.countDown();
            release.await();
            progress.update(10, 10);
            return new CandidateGenerator.Result("sft", 9, 1, 1);
        });
        assertNull(job.status());
        assertTrue(job.start(Path.of("/models/sft"), CONFIG));
        reported.await();
        assertEquals(new GenerationJob.Status("running", "sft", 3, 10, 0, 0, 0, null), job.status());
        assertFalse(job.start(Path.of("/models/other"), CONFIG), "one run at a time");
        release.countDown();
        assertEquals(new GenerationJob.Status("finished", "sft", 10, 10, 9, 1, 1, null), awaitEnd(job));
        assertEquals(100, job.status().percent());

        assertTrue(job.start(Path.of("/models/broken"), CONFIG), "a finished run makes way for the next");
        GenerationJob failing = new GenerationJob((dir, config, progress) -> {
            throw new IllegalArgumentException("no tokenizer.json in " + dir);
        });
        failing.start(Path.of("/models/broken"), CONFIG);
        GenerationJob.Status failed = awaitEnd(failing);
        assertEquals("failed", failed.state());
        assertEquals("no tokenizer.json in /models/broken", failed.error());
    }

    @Test
    void closingStopsARun() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        GenerationJob job = new GenerationJob((dir, config, progress) -> {
            started.countDown();
            new CountDownLatch(1).await();
            throw new AssertionError("not reached");
        });
        job.start(Path.of("/models/sft"), CONFIG);
        started.await();
        job.close();
        assertEquals("stopped", job.status().state());
    }
}
