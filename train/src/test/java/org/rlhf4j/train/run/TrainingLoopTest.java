package org.rlhf4j.train.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rlhf4j.tensor.Rng;
import org.rlhf4j.tensor.Tensor;
import org.rlhf4j.tensor.optim.AdamW;
import org.rlhf4j.tensor.optim.ParameterStore;
import org.rlhf4j.tensor.ops.Elementwise;
import org.rlhf4j.tensor.ops.Reductions;

class TrainingLoopTest {
    @TempDir
    Path tmp;

    /** Minimises sum((w - 3)^2) over 4 batches an epoch; returns NaN from micro-batch {@code nanAt} on. */
    static final class Quadratic implements TrainingTask {
        final Tensor w = Tensor.parameter("w", new float[] {0f, 1f}, 2);
        final int nanAt;
        int calls;

        Quadratic(int nanAt) {
            this.nanAt = nanAt;
        }

        @Override public String name() { return "quadratic"; }
        @Override public int batchesPerEpoch() { return 4; }
        @Override public List<Tensor> parameters() { return List.of(w); }
        @Override public void train(boolean on, Rng rng) { }
        @Override public Map<String, Double> validate(int epoch) { return Metrics.of("val/w0", w.data()[0]); }

        @Override
        public MicroBatch step(int epoch, int batch, float scale) {
            Tensor d = Elementwise.addScalar(w, -3f);
            Tensor loss = Reductions.sum(Elementwise.mul(d, d));
            Elementwise.mulScalar(loss, scale).backward();
            return new MicroBatch(++calls >= nanAt && nanAt > 0 ? Double.NaN : loss.item(), 1, Map.of());
        }

        @Override
        public void save(Path dir) {
            ParameterStore.save(dir.resolve("w.safetensors"), List.of(w), Map.of());
        }

        @Override
        public void saveExact(Path dir) {
            save(dir);
        }

        @Override
        public void load(Path dir) {
            ParameterStore.load(dir.resolve("w.safetensors"), List.of(w));
        }
    }

    private static LoopSettings settings(int epochs, int checkpointEvery) {
        return settings(epochs, checkpointEvery, 0);
    }

    /** A constant learning rate, so runs stopped by max_steps and resumed follow the same schedule. */
    private static LoopSettings settings(int epochs, int checkpointEvery, long maxSteps) {
        return new LoopSettings(epochs, 0.1, 0, 1.0, 1, 0, checkpointEvery, 3, maxSteps, 1,
                new AdamW.Config(0.9, 0.95, 1e-8, 0), null, false);
    }

    @Test
    void aRunStoppedByMaxStepsMidEpochResumesWhereItStopped() {
        PrintStream log = new PrintStream(new ByteArrayOutputStream(), true);
        Quadratic whole = new Quadratic(0);
        new TrainingLoop(settings(3, 0), whole, log).run(tmp.resolve("whole"), false);
        Quadratic parts = new Quadratic(0);
        new TrainingLoop(settings(3, 0, 5), parts, log).run(tmp.resolve("parts"), false);
        Quadratic resumed = new Quadratic(0);
        TrainingLoop.Result r = new TrainingLoop(settings(3, 0), resumed, log).run(tmp.resolve("parts"), true);
        assertEquals(12, r.steps());
        assertEquals(whole.calls, parts.calls + resumed.calls, "no batch trained twice or skipped");
        assertEquals(whole.w.data()[0], resumed.w.data()[0]);
        assertEquals(whole.w.data()[1], resumed.w.data()[1]);
    }

    @Test
    void aFreshRunRefusesAFolderWithAnEarlierRunsCheckpoints() {
        PrintStream log = new PrintStream(new ByteArrayOutputStream(), true);
        new TrainingLoop(settings(1, 0), new Quadratic(0), log).run(tmp.resolve("used"), false);
        TrainingException e = assertThrows(TrainingException.class,
                () -> new TrainingLoop(settings(1, 0), new Quadratic(0), log).run(tmp.resolve("used"), false));
        assertTrue(e.getMessage().contains("holds the checkpoints of an earlier run: pass --resume"), e.getMessage());
    }

    /** A checkpoint at an epoch's end comes before that epoch's validation: resuming from it validates once more, logged once. */
    @Test
    void resumingFromAnEpochEndCheckpointLogsItsValidationOnce() {
        PrintStream log = new PrintStream(new ByteArrayOutputStream(), true);
        assertThrows(TrainingException.class,
                () -> new TrainingLoop(settings(2, 4), new Quadratic(5), log).run(tmp.resolve("val"), false));
        new TrainingLoop(settings(2, 4), new Quadratic(0), log).run(tmp.resolve("val"), true);
        var rows = MetricsLog.read(tmp.resolve("val/metrics.jsonl"));
        assertEquals(2, rows.stream().filter(r -> r.has("val/w0")).count(), "one validation row per epoch");
        assertEquals(8, rows.stream().filter(r -> r.has("loss")).count(), "one training row per step");
    }

    @Test
    void optimisesAndLogsEveryStep() {
        PrintStream log = new PrintStream(new ByteArrayOutputStream(), true);
        TrainingLoop.Result r = new TrainingLoop(settings(20, 0), new Quadratic(0), log).run(tmp.resolve("q"), false);
        assertEquals(80, r.steps());
        assertTrue(r.lastLoss() < 0.05, "loss " + r.lastLoss() + " (13 at the start)");
        assertEquals(80 + 20, MetricsLog.read(tmp.resolve("q/metrics.jsonl")).size(), "a row per step and per validation");
    }

    @Test
    void aNanLossStopsWithAClearErrorAndKeepsTheLastCheckpoint() {
        PrintStream log = new PrintStream(new ByteArrayOutputStream(), true);
        TrainingException e = assertThrows(TrainingException.class,
                () -> new TrainingLoop(settings(2, 2), new Quadratic(6), log).run(tmp.resolve("nan"), false));
        assertTrue(e.getMessage().startsWith("quadratic: loss is NaN at step 6 (epoch 1, batch 1)"), e.getMessage());
        assertTrue(Files.isRegularFile(tmp.resolve("nan/checkpoints/step-00000004/trainer_state.json")));
        // and the run resumes from there
        TrainingLoop.Result r = new TrainingLoop(settings(2, 2), new Quadratic(0), log).run(tmp.resolve("nan"), true);
        assertEquals(8, r.steps());
    }

    @Test
    void resumeWithoutACheckpointIsRefused() {
        PrintStream log = new PrintStream(new ByteArrayOutputStream(), true);
        TrainingException e = assertThrows(TrainingException.class,
                () -> new TrainingLoop(settings(1, 0), new Quadratic(0), log).run(tmp.resolve("empty"), true));
        assertTrue(e.getMessage().contains("--resume given but") && e.getMessage().contains("holds no checkpoint"),
                e.getMessage());
    }
}
