package org.rlhf4j.train.run;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.rlhf4j.tensor.Autograd;
import org.rlhf4j.tensor.Rng;
import org.rlhf4j.tensor.Tensor;
import org.rlhf4j.tensor.optim.AdamW;
import org.rlhf4j.tensor.optim.GradClip;
import org.rlhf4j.tensor.optim.LrSchedule;

/**
 * The optimisation loop every trainer shares: micro-batches with gradient accumulation,
 * global-norm clipping, AdamW under warmup + cosine decay, {@code metrics.jsonl} and its
 * chart, a progress bar, validation after each epoch, checkpoints every N steps, exact
 * resume, and (optionally) the best epoch by a validation metric as the final model.
 *
 * <p>A run folder ends up as a Hugging Face model folder (the final model) that also holds
 * {@code metrics.jsonl}, {@code metrics.png} and {@code checkpoints/}.
 */
public final class TrainingLoop {
    /** What a finished run reports. */
    public record Result(long steps, double lastLoss, Map<String, Double> lastValidation, Path output) {}

    private final LoopSettings settings;
    private final TrainingTask task;
    private final PrintStream log;

    public TrainingLoop(LoopSettings settings, TrainingTask task, PrintStream log) {
        this.settings = settings;
        this.task = task;
        this.log = log;
    }

    public Result run(Path out, boolean resume) {
        int batches = task.batchesPerEpoch();
        if (batches <= 0) {
            throw new IllegalArgumentException(task.name() + ": no training batches (is the dataset empty?)");
        }
        int accumulation = settings.gradientAccumulation();
        int stepsPerEpoch = (batches + accumulation - 1) / accumulation;
        long totalSteps = (long) stepsPerEpoch * settings.epochs();
        if (settings.maxSteps() > 0) {
            totalSteps = Math.min(totalSteps, settings.maxSteps());
        }
        List<Tensor> params = task.parameters();
        AdamW optimizer = new AdamW(params, settings.adam());
        Checkpoints checkpoints = new Checkpoints(out, settings.keepCheckpoints());
        TrainerState state = TrainerState.fresh();
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new UncheckedIOException(out + ": cannot create the output folder: " + e.getMessage(), e);
        }
        if (!resume && (checkpoints.latest().isPresent() || Files.exists(out.resolve("best")))) {
            throw new TrainingException(out + " holds the checkpoints of an earlier run: pass --resume to continue "
                    + "it, or choose another output folder");
        }
        if (resume) {
            Optional<Path> latest = checkpoints.latest();
            if (latest.isEmpty()) {
                throw new TrainingException(out + ": --resume given but " + checkpoints.dir() + " holds no checkpoint");
            }
            state = Checkpoints.state(latest.get());
            task.load(latest.get());
            optimizer.load(Checkpoints.optimizerFile(latest.get()));
            log.println(task.name() + ": resuming from " + latest.get() + " (step " + state.step() + ")");
        }
        long warmup = Math.min(settings.warmupSteps(), totalSteps);
        if (warmup < settings.warmupSteps()) {
            log.println(task.name() + ": warmup shortened to the run's " + totalSteps + " steps");
        }
        LrSchedule schedule = LrSchedule.cosine(settings.learningRate(), warmup, totalSteps, settings.finalLrFraction());
        Rng dropout = new Rng(settings.seed()).fork(0xD509);
        dropout.counter(state.dropoutDraws());
        Progress progress = new Progress(log, task.name(), totalSteps, state.step());
        long step = state.step();
        double best = state.bestMetric();
        double lastLoss = Double.NaN;
        Map<String, Double> lastValidation = Map.of();
        long tokensSinceLog = 0;
        long timerStart = System.nanoTime();
        // a checkpoint taken at an epoch's end precedes that epoch's validation, which runs again
        boolean redoValidation = resume && state.nextBatch() >= batches;
        try (MetricsLog metrics = new MetricsLog(out.resolve("metrics.jsonl"), resume ? step : -1, redoValidation)) {
            // where the data stands: the final checkpoint must record it even when max_steps
            // stops the run mid-epoch
            int atEpoch = state.epoch();
            int atBatch = state.nextBatch();
            epochs:
            for (int epoch = state.epoch(); epoch < settings.epochs(); epoch++) {
                int batch = epoch == state.epoch() ? state.nextBatch() : 0;
                atEpoch = epoch;
                atBatch = batch;
                while (batch < batches) {
                    if (settings.maxSteps() > 0 && step >= settings.maxSteps()) {
                        break epochs;
                    }
                    task.train(true, dropout);
                    optimizer.zeroGrad();
                    int end = Math.min(batches, batch + accumulation);
                    double loss = 0;
                    Map<String, Double> sums = new LinkedHashMap<>();
                    int microBatches = end - batch;
                    for (int b = batch; b < end; b++) {
                        TrainingTask.MicroBatch mb = task.step(epoch, b, 1f / microBatches);
                        if (!Double.isFinite(mb.loss())) {
                            throw new TrainingException(task.name() + ": loss is " + mb.loss() + " at step " + (step + 1)
                                    + " (epoch " + epoch + ", batch " + b + "); lower the learning rate or check the data."
                                    + " The last checkpoint in " + checkpoints.dir() + " is intact");
                        }
                        loss += mb.loss() / microBatches;
                        tokensSinceLog += mb.tokens();
                        mb.metrics().forEach((k, v) -> sums.merge(k, v / microBatches, Double::sum));
                    }
                    Autograd.clearTape();
                    double norm = settings.maxGradNorm() > 0 ? GradClip.clipGlobalNorm(params, settings.maxGradNorm())
                            : GradClip.globalNorm(params);
                    if (!Double.isFinite(norm)) {
                        throw new TrainingException(task.name() + ": gradient norm is " + norm + " at step " + (step + 1)
                                + "; the last checkpoint in " + checkpoints.dir() + " is intact");
                    }
                    double lr = schedule.lr(step);
                    optimizer.step(lr);
                    step++;
                    batch = end;
                    atBatch = batch;
                    lastLoss = loss;
                    double seconds = (System.nanoTime() - timerStart) / 1e9;
                    double tokensPerSecond = tokensSinceLog / Math.max(seconds, 1e-9);
                    tokensSinceLog = 0;
                    timerStart = System.nanoTime();
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("step", step);
                    row.put("epoch", epoch + (double) batch / batches);
                    row.put("lr", lr);
                    row.put("loss", loss);
                    sums.forEach(row::put);
                    row.put("grad_norm", norm);
                    row.put("tokens_per_s", tokensPerSecond);
                    metrics.log(row);
                    progress.update(step, String.format(Locale.ROOT, "epoch %d loss %.4f lr %.2e %.0f tok/s",
                            epoch + 1, loss, lr, tokensPerSecond), false);
                    if (settings.checkpointEvery() > 0 && step % settings.checkpointEvery() == 0) {
                        checkpoints.save(new TrainerState(step, epoch, batch, dropout.counter(), best), task::saveExact,
                                optimizer);
                    }
                }
                task.train(false, null);
                Map<String, Double> validation;
                try (var ignored = Autograd.noGrad()) {
                    validation = task.validate(epoch);
                }
                if (!validation.isEmpty()) {
                    lastValidation = validation;
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("step", step);
                    row.put("epoch", epoch + 1.0);
                    validation.forEach(row::put);
                    metrics.log(row);
                    progress.finish();
                    log.println(task.name() + ": epoch " + (epoch + 1) + " " + format(validation));
                }
                if (settings.selectMetric() != null) {
                    best = selectBest(out, validation, best, epoch);
                }
                atEpoch = epoch + 1;
                atBatch = 0;
            }
            progress.finish();
            checkpoints.save(new TrainerState(step, atEpoch, atBatch, dropout.counter(), best), task::saveExact, optimizer);
        }
        Path bestDir = out.resolve("best");
        if (settings.selectMetric() != null && !Double.isNaN(best) && Files.isDirectory(bestDir)) {
            task.load(bestDir);
            log.println(task.name() + ": final model = the epoch with the best " + settings.selectMetric() + " (" + best + ")");
        }
        task.save(out);
        MetricsChart.render(out.resolve("metrics.jsonl"), out.resolve("metrics.png"), task.name());
        return new Result(step, lastLoss, lastValidation, out);
    }

    private double selectBest(Path out, Map<String, Double> validation, double best, int epoch) {
        Double value = validation.get(settings.selectMetric());
        if (value == null) {
            throw new TrainingException(task.name() + ": selection metric " + settings.selectMetric()
                    + " is not among the validation metrics " + validation.keySet());
        }
        boolean better = Double.isNaN(best) || (settings.selectMaximum() ? value > best : value < best);
        if (better) {
            task.save(out.resolve("best"));
            log.println(task.name() + ": epoch " + (epoch + 1) + " is the best so far by " + settings.selectMetric());
            return value;
        }
        return best;
    }

    private static String format(Map<String, Double> metrics) {
        StringBuilder sb = new StringBuilder();
        metrics.forEach((k, v) -> sb.append(sb.isEmpty() ? "" : " ").append(k).append(' ')
                .append(String.format(Locale.ROOT, "%.4f", v)));
        return sb.toString();
    }
}
