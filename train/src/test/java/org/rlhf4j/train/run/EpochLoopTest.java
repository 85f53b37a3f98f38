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
import org.rlhf4j.tensor.io.DType;
import org.rlhf4j.train.config.TrainingConfig;
import org.rlhf4j.train.run.EpochLoop.Result;
import org.rlhf4j.tensor.optim.ParameterStore;
import org.rlhf4j.tensor.ops.Elementwise;
import org.rlhf4j.tensor.ops.Reductions;

class EpochLoopTest {
    @TempDir
    Path tmp;

    private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    private final PrintStream log = new PrintStream(logBytes, true);

    /** Minimises sum((w - 3)^2) over 4 batches an epoch; returns NaN from micro-batch {@code nanAt} on. */
    static class Quadratic implements EpochTask, RunModel {
        final Tensor w = Tensor.parameter("w", new float[] {0f, 1f}, 2);
        final int nanAt;
        int calls;

        Quadratic(int nanAt) {
            this.nanAt = nanAt;
        }

        @Override public Plan plan() { return new Plan("quadratic", this, 4, selection()); }
        RunFolder.Selection selection() { return null; }
        @Override public List<Tensor> parameters() { return List.of(w); }
        @Override public void train(boolean on, Rng rng) { }
        @Override public Map<String, Double> validate() { return Metrics.of("eval/w0", w.data()[0]); }

        @Override
        public OptimizerStep.Loss step(int epoch, int batch, float scale) {
            Tensor d = Elementwise.addScalar(w, -3f);
            Tensor loss = Reductions.sum(Elementwise.mul(d, d));
            Elementwise.mulScalar(loss, scale).backward();
            return OptimizerStep.Loss.of(++calls >= nanAt && nanAt > 0 ? Double.NaN : loss.item(), 1);
        }

        @Override
        public void save(Path dir, DType dtype) {
            ParameterStore.save(dir.resolve("w.safetensors"), List.of(w), Map.of());
        }

        @Override
        public void load(Path dir) {
            ParameterStore.load(dir.resolve("w.safetensors"), List.of(w));
        }
    }

    private static TrainingConfig settings(int epochs, int checkpointEvery) {
        return settings(epochs, checkpointEvery, 0);
    }

    /** A constant learning rate, so runs stopped by max_steps and resumed follow the same schedule. */
    static TrainingConfig settings(int epochs, int checkpointEvery, long maxSteps) {
        TrainingConfig c = new TrainingConfig();
        c.epochs = epochs;
        c.learningRate = 0.1;
        c.warmupSteps = 0;
        c.finalLrFraction = 1.0;
        c.maxGradNorm = 0;
        c.checkpointEvery = checkpointEvery;
        c.keepCheckpoints = 3;
        c.maxSteps = maxSteps;
        c.weightDecay = 0;
        return c;
    }

    private Result run(TrainingConfig c, Quadratic task, String dir, boolean resume) {
        c.out = tmp.resolve(dir).toString();
        return EpochLoop.run(task, c, resume, log);
    }

    @Test
    void aRunStoppedByMaxStepsMidEpochResumesWhereItStopped() {
        Quadratic whole = new Quadratic(0);
        run(settings(3, 0), whole, "whole", false);
        Quadratic parts = new Quadratic(0);
        run(settings(3, 0, 5), parts, "parts", false);
        Quadratic resumed = new Quadratic(0);
        Result r = run(settings(3, 0), resumed, "parts", true);
        assertEquals(12, r.steps());
        assertEquals(whole.calls, parts.calls + resumed.calls, "no batch trained twice or skipped");
        assertEquals(whole.w.data()[0], resumed.w.data()[0]);
        assertEquals(whole.w.data()[1], resumed.w.data()[1]);
    }

    @Test
    void aFreshRunRefusesAFolderWithAnEarlierRunsCheckpoints() {
        run(settings(1, 0), new Quadratic(0), "used", false);
        TrainingException e = assertThrows(TrainingException.class,
                () -> run(settings(1, 0), new Quadratic(0), "used", false));
        assertTrue(e.getMessage().contains("holds the checkpoints of an earlier run: pass --resume"), e.getMessage());
    }

    /** A checkpoint at an epoch's end comes before that epoch's validation: resuming from it validates once more, logged once. */
    @Test
    void resumingFromAnEpochEndCheckpointLogsItsValidationOnce() {
        assertThrows(TrainingException.class,
                () -> run(settings(2, 4), new Quadratic(5), "val", false));
        run(settings(2, 4), new Quadratic(0), "val", true);
        var rows = MetricsLog.read(tmp.resolve("val/metrics.jsonl"));
        assertEquals(2, rows.stream().filter(r -> r.has("eval/w0")).count(), "one validation row per epoch");
        assertEquals(8, rows.stream().filter(r -> r.has("loss")).count(), "one training row per step");
    }

    @Test
    void optimizesAndLogsEveryStep() {
        Result r = run(settings(20, 0), new Quadratic(0), "q", false);
        assertEquals(80, r.steps());
        assertTrue(r.lastLoss() < 0.05, "loss " + r.lastLoss() + " (13 at the start)");
        assertEquals(80 + 20, MetricsLog.read(tmp.resolve("q/metrics.jsonl")).size(), "a row per step and per validation");
    }

    @Test
    void aNanLossStopsWithAClearErrorAndKeepsTheLastCheckpoint() {
        TrainingException e = assertThrows(TrainingException.class,
                () -> run(settings(2, 2), new Quadratic(6), "nan", false));
        assertTrue(e.getMessage().startsWith("quadratic: loss is NaN at step 6 (epoch 1, batch 1)"), e.getMessage());
        assertTrue(Files.isRegularFile(tmp.resolve("nan/checkpoints/step-00000004/trainer_state.json")));
        // and the run resumes from there
        Result r = run(settings(2, 2), new Quadratic(0), "nan", true);
        assertEquals(8, r.steps());
    }

    @Test
    void resumeWithoutACheckpointIsRefused() {
        TrainingException e = assertThrows(TrainingException.class,
                () -> run(settings(1, 0), new Quadratic(0), "empty", true));
        assertTrue(e.getMessage().contains("--resume given but") && e.getMessage().contains("holds no checkpoint"),
                e.getMessage());
    }

    @Test
    void maxStepsOverridesEpochs() {
        Quadratic task = new Quadratic(0);
        Result r = run(settings(1, 0, 10), task, "long", false);
        assertEquals(10, r.steps(), "10 steps asked for, though one epoch is 4");
        assertEquals(10, task.calls);
        Result shorter = run(settings(5, 0, 3), new Quadratic(0), "short", false);
        assertEquals(3, shorter.steps());
        var rows = MetricsLog.read(tmp.resolve("long/metrics.jsonl"));
        assertEquals(2.5, rows.stream().filter(x -> x.has("loss")).reduce((a, b) -> b).orElseThrow().get("epoch").asDouble(),
                "the last step ends half way through epoch 3");
        assertEquals(3, rows.stream().filter(x -> x.has("eval/w0")).count(), "two epoch ends and the stop mid-epoch");
    }

    /** A validation metric that peaks at the second of four epochs. */
    static final class PeakedAtEpochTwo extends Quadratic {
        private final double[] scores = {0.5, 0.9, 0.7, 0.6};
        private int validations;

        PeakedAtEpochTwo() {
            super(0);
        }

        @Override
        public Map<String, Double> validate() {
            return Metrics.of("eval/accuracy", scores[validations++], "eval/w0", w.data()[0]);
        }

        @Override
        RunFolder.Selection selection() {
            return new RunFolder.Selection("eval/accuracy", true);
        }
    }

    @Test
    void theBestEpochBecomesTheFinalModelAndItsMetricsAreReported() {
        PeakedAtEpochTwo task = new PeakedAtEpochTwo();
        Result r = run(settings(4, 0), task, "best", false);
        assertEquals(0.9, r.keptMetrics().get("eval/accuracy"), "the kept model's metrics, not the last epoch's (0.6)");
        double w0AfterEpochTwo = r.keptMetrics().get("eval/w0");
        assertEquals((float) w0AfterEpochTwo, task.w.data()[0], "the weights are the second epoch's again");
        assertTrue(logBytes.toString().contains("final model = the epoch with the best eval/accuracy (0.9000)"), logBytes.toString());
    }

    @Test
    void resumingAFinishedRunSaysSoAndChangesNothing() throws Exception {
        Result first = run(settings(2, 0), new PeakedAtEpochTwo(), "done", false);
        byte[] weights = Files.readAllBytes(tmp.resolve("done/w.safetensors"));
        Quadratic again = new PeakedAtEpochTwo();
        Result second = run(settings(2, 0), again, "done", true);
        assertEquals(0, again.calls, "no step trained");
        assertEquals(first.steps(), second.steps());
        assertEquals(first.keptMetrics(), second.keptMetrics());
        assertTrue(logBytes.toString().contains("quadratic: the run in " + tmp.resolve("done") + " finished at step 8; nothing to resume"),
                logBytes.toString());
        assertTrue(java.util.Arrays.equals(weights, Files.readAllBytes(tmp.resolve("done/w.safetensors"))));
        // asked for more epochs, the same folder continues
        Result longer = run(settings(3, 0), new PeakedAtEpochTwo(), "done", true);
        assertEquals(12, longer.steps());
    }
}
