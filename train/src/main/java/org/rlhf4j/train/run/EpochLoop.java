package org.rlhf4j.train.run;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.rlhf4j.tensor.Autograd;
import org.rlhf4j.tensor.Rng;
import org.rlhf4j.tensor.io.DType;
import org.rlhf4j.train.config.TrainingConfig;

/**
 * The loop of the supervised trainers (pretrain, SFT, reward model): epochs of optimizer steps
 * over the task's micro-batches, a metrics row and a progress line per step, a checkpoint every
 * {@code checkpoint_every} steps, validation after each epoch (and when {@code max_steps} stops
 * the run mid-epoch), the best epoch kept when the task selects one.
 */
public final class EpochLoop {
    /**
     * What a finished run reports.
     *
     * @param keptMetrics validation metrics of the model saved as the final one (the best
     *                    epoch's when the task selects one)
     */
    public record Result(long steps, double lastLoss, Map<String, Double> keptMetrics, Path output) {}

    private final EpochTask task;
    private final EpochTask.Plan plan;
    private final RunFolder run;
    private final RunFolder.Selection selection;
    private final PrintStream log;
    private double best;
    private Map<String, Double> kept;

    private EpochLoop(EpochTask task, EpochTask.Plan plan, RunFolder run, PrintStream log) {
        this.task = task;
        this.plan = plan;
        this.run = run;
        this.selection = plan.selection();
        this.log = log;
        this.best = run.start().bestMetric();
        this.kept = run.start().keptMetrics();
    }

    /** Runs {@code task} as {@code c} says, into the folder {@code c.out} (the effective config recorded there first). */
    public static Result run(EpochTask task, TrainingConfig c, boolean resume, PrintStream log) {
        Path out = TrainingConfig.required(c.out, "out");
        TrainerSetup.recordConfig(c, out);
        EpochTask.Plan plan = task.plan();
        String name = plan.name();
        int batches = plan.batchesPerEpoch();
        if (batches <= 0) {
            throw new IllegalArgumentException(name + ": no training batches (is the dataset empty?)");
        }
        int accumulation = c.gradientAccumulation;
        int stepsPerEpoch = (batches + accumulation - 1) / accumulation;
        // --max-steps decides the length when set, running as many epochs as it takes (as HF's Trainer does)
        long totalSteps = c.maxSteps > 0 ? c.maxSteps : (long) stepsPerEpoch * c.epochs;
        OptimizerStep update = new OptimizerStep(name, plan.model().parameters(), c, totalSteps,
                "The last checkpoint in " + out.resolve("checkpoints") + " is intact", log);
        DType dtype = DType.forSaving(c.dtype);
        try (RunFolder run = RunFolder.open(out, name, plan.model(), update.optimizer(), c.keepCheckpoints, resume,
                batches, log)) {
            EpochLoop loop = new EpochLoop(task, plan, run, log);
            TrainerState s = run.start();
            if (s.finished() && s.step() >= totalSteps) {
                log.println(name + ": the run in " + out + " finished at step " + s.step() + "; nothing to resume"
                        + " (raise --epochs or --max-steps to train further)");
                run.finish(loop.selection, s, dtype);
                return new Result(s.step(), Double.NaN, s.keptMetrics(), out);
            }
            Rng dropout = new Rng(c.seed).fork(0xD509);
            dropout.counter(s.dropoutDraws());
            Progress progress = new Progress(log, name, totalSteps);
            long step = s.step();
            int epoch = s.epoch();
            int batch = s.nextBatch();
            double lastLoss = Double.NaN;
            while (true) {
                if (step < totalSteps && batch < batches) {
                    plan.model().train(true, dropout);
                    int first = batch;
                    int count = Math.min(batches, batch + accumulation) - batch;
                    int e = epoch;
                    long started = System.nanoTime();
                    OptimizerStep.Result r = update.run(step, count, (i, scale) -> task.step(e, first + i, scale),
                            i -> "(epoch " + e + ", batch " + (first + i) + ")");
                    step++;
                    batch += count;
                    lastLoss = r.loss();
                    run.reached(step);
                    double tokensPerSecond = r.tokens() / Math.max((System.nanoTime() - started) / 1e9, 1e-9);
                    run.log(trainingRow(step, epoch + (double) batch / batches, r, tokensPerSecond));
                    progress.update(step, String.format(Locale.ROOT, "epoch %d loss %.4f lr %.2e %.0f tok/s",
                            epoch + 1, r.loss(), r.lr(), tokensPerSecond), false);
                    if (c.checkpointEvery > 0 && step % c.checkpointEvery == 0) {
                        run.checkpoint(loop.state(step, epoch, batch, dropout, false));
                    }
                }
                boolean epochDone = batch >= batches;
                if (epochDone || step >= totalSteps) {
                    // the end of an epoch, or of a run that max_steps stopped mid-epoch
                    progress.finish();
                    loop.validate(step, epoch + (double) batch / batches, epochDone);
                    if (epochDone) {
                        epoch++;
                        batch = 0;
                    }
                    if (step >= totalSteps) {
                        break;
                    }
                }
            }
            TrainerState end = loop.state(step, epoch, batch, dropout, true);
            run.checkpoint(end);
            run.finish(loop.selection, end, dtype);
            return new Result(step, lastLoss, loop.kept, out);
        }
    }

    private TrainerState state(long step, int epoch, int batch, Rng dropout, boolean finished) {
        return new TrainerState(step, epoch, batch, dropout.counter(), best, kept, finished);
    }

    /** Validates (dropout off, no gradients), logs the row and keeps the model when it is the best so far. */
    private void validate(long step, double epochs, boolean epochDone) {
        plan.model().train(false, null);
        Map<String, Double> validation;
        try (var ignored = Autograd.noGrad()) {
            validation = task.validate();
        }
        if (validation.isEmpty()) {
            return;
        }
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("step", step);
        row.put("epoch", epochs);
        row.putAll(validation);
        run.log(row);
        String when = "epoch " + String.format(Locale.ROOT, epochDone ? "%.0f" : "%.2f", epochs);
        log.println(plan.name() + ": " + when + " " + format(validation));
        if (selection == null) {
            kept = validation;
            return;
        }
        double before = best;
        best = run.keepIfBest(selection, validation, best, when);
        if (best != before || kept.isEmpty()) {
            kept = validation;
        }
    }

    private static Map<String, Object> trainingRow(long step, double epoch, OptimizerStep.Result r, double tokensPerSecond) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("step", step);
        row.put("epoch", epoch);
        row.put("lr", r.lr());
        row.put("loss", r.loss());
        row.putAll(r.metrics());
        row.put("grad_norm", r.gradNorm());
        row.put("tokens_per_s", tokensPerSecond);
        return row;
    }

    private static String format(Map<String, Double> metrics) {
        StringBuilder sb = new StringBuilder();
        metrics.forEach((k, v) -> sb.append(sb.isEmpty() ? "" : " ").append(k).append(' ')
                .append(String.format(Locale.ROOT, "%.4f", v)));
        return sb.toString();
    }
}
