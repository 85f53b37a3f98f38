package org.rlhf4j.train.config;

import java.nio.file.Path;
import java.util.Set;
import org.rlhf4j.tensor.io.DType;
import org.rlhf4j.tensor.optim.AdamW;
import org.rlhf4j.tensor.optim.LrSchedule;

/**
 * The options every trainer shares: where the model comes from and goes, the optimizer, the
 * schedule, checkpoints. Each option is a public field whose initial value is its default and
 * whose {@link Help} is its doc, as in a TRL config dataclass; a trainer's config extends this
 * class, adds its own options the same way and sets its own defaults in its constructor.
 */
public class TrainingConfig {
    public static final Set<String> SCHEDULES = Set.of("cosine", "linear", "constant_with_warmup");

    @Help(value = "Model folder to start from (Hugging Face layout, with its tokenizer).", label = "DIR")
    public String model;
    @Help(value = "Output folder: the final model, metrics.jsonl, metrics.png, training_config.yaml, checkpoints/.", label = "DIR")
    public String out;
    @Help(value = "Examples per micro-batch.")
    public int batchSize = 8;
    @Help(value = "Passes over the training data (--max-steps, when set, decides instead).")
    public int epochs = 1;
    @Help(value = "Stop after this many optimizer steps, running as many epochs as that takes; 0: --epochs decides.")
    public long maxSteps = 0;
    @Help(value = "Micro-batches per optimizer step.")
    public int gradientAccumulation = 1;
    @Help(value = "Peak learning rate.", label = "LR")
    public double learningRate = 1e-4;
    @Help(value = "Learning-rate schedule after warmup: cosine, linear or constant_with_warmup.", label = "NAME")
    public String lrSchedulerType = "cosine";
    @Help(value = "Optimizer steps of linear warmup from 0 to the peak.")
    public int warmupSteps = 10;
    @Help(value = "Where the cosine schedule ends, as a fraction of the peak (the paper: 0.1).", label = "F")
    public double finalLrFraction = 0.1;
    @Help(value = "AdamW beta1.")
    public double adamBeta1 = 0.9;
    @Help(value = "AdamW beta2 (the paper: 0.95).")
    public double adamBeta2 = 0.95;
    @Help(value = "AdamW epsilon.")
    public double adamEpsilon = 1e-8;
    @Help(value = "AdamW decoupled weight decay of the weight matrices.")
    public double weightDecay = 0.0;
    @Help(value = "Global gradient-norm clip; 0: none.")
    public double maxGradNorm = 1.0;
    @Help(value = "Residual dropout while training (replaces the starting model's own rate).", label = "P")
    public float residualDropout = 0f;
    @Help(value = "Share of the data held out for validation.", label = "F")
    public double validationFraction = 0.1;
    @Help(value = "Optimizer steps between checkpoints; 0: only at the end.")
    public int checkpointEvery = 0;
    @Help(value = "Checkpoints kept.")
    public int keepCheckpoints = 2;
    @Help(value = "Seed of the data order, the validation split, dropout and any initialisation.", label = "S")
    public long seed = 1;
    @Help(value = "Weights' type in the saved model: f32 or bf16 (checkpoints are always f32).", label = "TYPE")
    public String dtype = "f32";
    @Help(value = "Skip and count malformed or over-long records instead of stopping at the first.")
    public boolean skipBadRecords = false;

    /**
     * Checks every value, so a bad one stops the command before any data is read. Subclasses
     * add their own checks and call this one.
     */
    public void validate() {
        check(batchSize >= 1, "batch_size", "must be at least 1", batchSize);
        check(epochs >= 1, "epochs", "must be at least 1", epochs);
        check(maxSteps >= 0, "max_steps", "must be >= 0", maxSteps);
        check(gradientAccumulation >= 1, "gradient_accumulation", "must be at least 1", gradientAccumulation);
        check(learningRate > 0 && Double.isFinite(learningRate), "learning_rate", "must be a positive number", learningRate);
        check(SCHEDULES.contains(lrSchedulerType), "lr_scheduler_type", "must be one of " + SCHEDULES, lrSchedulerType);
        check(warmupSteps >= 0, "warmup_steps", "must be >= 0", warmupSteps);
        check(finalLrFraction >= 0 && finalLrFraction <= 1, "final_lr_fraction", "must be in [0, 1]", finalLrFraction);
        check(adamBeta1 >= 0 && adamBeta1 < 1, "adam_beta1", "must be in [0, 1)", adamBeta1);
        check(adamBeta2 >= 0 && adamBeta2 < 1, "adam_beta2", "must be in [0, 1)", adamBeta2);
        check(adamEpsilon > 0, "adam_epsilon", "must be > 0", adamEpsilon);
        check(weightDecay >= 0, "weight_decay", "must be >= 0", weightDecay);
        check(maxGradNorm >= 0, "max_grad_norm", "must be >= 0", maxGradNorm);
        check(residualDropout >= 0 && residualDropout < 1, "residual_dropout", "must be in [0, 1)", residualDropout);
        check(validationFraction >= 0 && validationFraction < 1, "validation_fraction", "must be in [0, 1)",
                validationFraction);
        check(checkpointEvery >= 0, "checkpoint_every", "must be >= 0", checkpointEvery);
        check(keepCheckpoints >= 1, "keep_checkpoints", "must be at least 1", keepCheckpoints);
        check(dtype != null, "dtype", "must be f32 or bf16", dtype);
        try {
            DType.forSaving(dtype);
        } catch (IllegalArgumentException e) {
            check(false, "dtype", "must be f32 or bf16", dtype);
        }
    }

    /** Stops with "option KEY (--FLAG) WHAT, got VALUE" unless {@code ok}. */
    protected static void check(boolean ok, String key, String what, Object value) {
        if (!ok) {
            throw new IllegalArgumentException("option " + key + " (--" + key.replace('_', '-') + ") " + what + ", got " + value);
        }
    }

    /** A path option that must be set, or a message saying how to set it. */
    public static Path required(String value, String key) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("option " + key + " is required (flag --" + key.replace('_', '-')
                    + " or key " + key + " in the config file)");
        }
        return Path.of(value);
    }

    public AdamW.Config adam() {
        return new AdamW.Config(adamBeta1, adamBeta2, adamEpsilon, weightDecay);
    }

    /** The learning rate by optimizer step for a run of {@code totalSteps} (warmup at most the run's length). */
    public LrSchedule schedule(long totalSteps) {
        long warmup = Math.min(warmupSteps, totalSteps);
        return switch (lrSchedulerType) {
            case "cosine" -> LrSchedule.cosine(learningRate, warmup, totalSteps, finalLrFraction);
            // one past the run, so the final update still learns (read at step + 1, see OptimizerStep)
            case "linear" -> LrSchedule.linear(learningRate, warmup, totalSteps + 1);
            case "constant_with_warmup" -> LrSchedule.constantWithWarmup(learningRate, warmup);
            default -> throw new IllegalArgumentException("unknown lr_scheduler_type " + lrSchedulerType);
        };
    }

    @Override
    public boolean equals(Object o) {
        return o != null && o.getClass() == getClass()
                && ConfigLoader.YAML.valueToTree(this).equals(ConfigLoader.YAML.valueToTree(o));
    }

    @Override
    public int hashCode() {
        return ConfigLoader.YAML.valueToTree(this).hashCode();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + ConfigLoader.YAML.valueToTree(this);
    }
}
