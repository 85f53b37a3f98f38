package org.rlhf4j.train.run;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.rlhf4j.tensor.io.DType;
import org.rlhf4j.tensor.optim.AdamW;

/**
 * A training run's output folder, for any trainer: it refuses a folder that holds another run,
 * resumes from the newest checkpoint (weights, optimizer moments, trainer state), appends
 * {@code metrics.jsonl}, writes checkpoints, keeps the best epoch in {@code best/}, and at the
 * end saves the final model (a Hugging Face folder) and draws {@code metrics.png}. While open,
 * Ctrl-C prints where the run stopped and how to continue it.
 *
 * <pre>
 *   OUT/config.json, model.safetensors, tokenizer files   the final model
 *   OUT/metrics.jsonl, metrics.png, training_config.yaml
 *   OUT/checkpoints/step-00000500/                         model (f32), optimizer.safetensors, trainer_state.json
 *   OUT/best/                                              the best epoch so far, when the trainer selects one
 * </pre>
 */
public final class RunFolder implements AutoCloseable {
    /** The validation metric whose best epoch becomes the final model. */
    public record Selection(String metric, boolean maximize) {}

    private final Path out;
    private final String name;
    private final RunModel model;
    private final AdamW optimizer;
    private final PrintStream log;
    private final Checkpoints checkpoints;
    private final TrainerState start;
    private final MetricsLog metrics;
    private final Thread onInterrupt;
    private volatile long stepReached;
    private volatile long checkpointStep = -1;
    private volatile boolean finished;

    private RunFolder(Path out, String name, RunModel model, AdamW optimizer, int keepCheckpoints, boolean resume,
                      PrintStream log, boolean epochEndRedone) {
        this.out = out;
        this.name = name;
        this.model = model;
        this.optimizer = optimizer;
        this.log = log;
        this.checkpoints = new Checkpoints(out, keepCheckpoints);
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new UncheckedIOException(out + ": cannot create the output folder: " + e.getMessage(), e);
        }
        if (!resume && (checkpoints.latest().isPresent() || Files.exists(out.resolve("best")))) {
            throw new TrainingException(out + " holds the checkpoints of an earlier run: pass --resume to continue "
                    + "it, or choose another output folder");
        }
        TrainerState state = TrainerState.fresh();
        if (resume) {
            Optional<Path> latest = checkpoints.latest();
            if (latest.isEmpty()) {
                throw new TrainingException(out + ": --resume given but " + checkpoints.dir() + " holds no checkpoint");
            }
            state = Checkpoints.state(latest.get());
            model.load(latest.get());
            optimizer.load(Checkpoints.optimizerFile(latest.get()));
            checkpointStep = state.step();
            log.println(name + ": resuming from " + latest.get() + " (step " + state.step() + ")");
        }
        this.start = state;
        this.stepReached = state.step();
        this.metrics = new MetricsLog(out.resolve("metrics.jsonl"), resume ? state.step() : -1, epochEndRedone);
        this.onInterrupt = new Thread(this::reportInterrupt, "rlhf4j-interrupt");
        Runtime.getRuntime().addShutdownHook(onInterrupt);
    }

    /**
     * Opens {@code out} for a run: a fresh one (refused if the folder holds another run's
     * checkpoints) or, with {@code resume}, the continuation of the newest checkpoint.
     *
     * @param batchesPerEpoch tells whether a checkpoint was taken at an epoch's end, before that
     *                        epoch's validation, which the resumed run repeats (and logs once)
     */
    public static RunFolder open(Path out, String name, RunModel model, AdamW optimizer, int keepCheckpoints,
                                 boolean resume, int batchesPerEpoch, PrintStream log) {
        boolean redo = resume && new Checkpoints(out, keepCheckpoints).latest()
                .map(p -> Checkpoints.state(p).nextBatch() >= batchesPerEpoch).orElse(false);
        return new RunFolder(out, name, model, optimizer, keepCheckpoints, resume, log, redo);
    }

    /** Where the run starts: fresh, or the resumed checkpoint's state. */
    public TrainerState start() {
        return start;
    }

    public Path dir() {
        return out;
    }

    /** Appends a row to {@code metrics.jsonl}; a training row carries {@code loss}, a validation row does not. */
    public void log(Map<String, ?> row) {
        metrics.log(row);
    }

    /** Records that {@code step} updates are done (for the interrupt message). */
    public void reached(long step) {
        stepReached = step;
    }

    /** Writes a checkpoint of the model (f32), the optimizer and {@code state}. */
    public void checkpoint(TrainerState state) {
        checkpoints.save(state, dir -> model.save(dir, DType.F32), optimizer);
        checkpointStep = state.step();
    }

    /**
     * After a validation: with a selection, saves the model to {@code best/} when the metric
     * improved on {@code best}; returns the new best value (unchanged when not better).
     */
    public double keepIfBest(Selection selection, Map<String, Double> validation, double best, String when) {
        Double value = validation.get(selection.metric());
        if (value == null) {
            throw new TrainingException(name + ": selection metric " + selection.metric()
                    + " is not among the validation metrics " + validation.keySet());
        }
        boolean better = Double.isNaN(best) || (selection.maximize() ? value > best : value < best);
        if (!better) {
            return best;
        }
        model.save(out.resolve("best"), DType.F32);
        log.println(name + ": " + when + " is the best so far by " + selection.metric());
        return value;
    }

    /**
     * Ends the run: the best epoch's weights when a selection recorded one, the final model saved
     * in {@code dtype}, and the chart drawn.
     */
    public void finish(Selection selection, TrainerState end, DType dtype) {
        Path best = out.resolve("best");
        if (selection != null && !Double.isNaN(end.bestMetric()) && Files.isDirectory(best)) {
            model.load(best);
            log.println(name + ": final model = the epoch with the best " + selection.metric() + " ("
                    + String.format(Locale.ROOT, "%.4f", end.bestMetric()) + ")");
        }
        model.save(out, dtype);
        MetricsChart.render(out.resolve("metrics.jsonl"), out.resolve("metrics.png"), name);
        finished = true;
    }

    private void reportInterrupt() {
        if (finished) {
            return;
        }
        String kept = checkpointStep < 0 ? "no checkpoint was written yet, so a rerun starts afresh"
                : "the checkpoint of step " + checkpointStep + " is kept; continue with --resume";
        log.println();
        log.println(name + ": interrupted at step " + stepReached + "; " + kept);
        log.flush();
    }

    @Override
    public void close() {
        finished = true;
        try {
            Runtime.getRuntime().removeShutdownHook(onInterrupt);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run: nothing to remove
        }
        metrics.close();
    }
}
