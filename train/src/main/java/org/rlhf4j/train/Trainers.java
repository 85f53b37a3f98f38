package org.rlhf4j.train;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rlhf4j.model.ScalarHeadModel;
import org.rlhf4j.model.TransformerModel;
import org.rlhf4j.model.hf.HfModelFolder;
import org.rlhf4j.model.tokenizer.HfTokenizer;
import org.rlhf4j.tensor.io.DType;
import org.rlhf4j.train.config.ConfigLoader;
import org.rlhf4j.train.config.PretrainConfig;
import org.rlhf4j.train.config.RmConfig;
import org.rlhf4j.train.config.SftConfig;
import org.rlhf4j.train.data.BadRecords;
import org.rlhf4j.train.data.Comparison;
import org.rlhf4j.train.data.ComparisonLoader;
import org.rlhf4j.train.data.ComparisonTokenizer;
import org.rlhf4j.train.data.Demonstration;
import org.rlhf4j.train.data.DemonstrationLoader;
import org.rlhf4j.train.data.PackedBlocks;
import org.rlhf4j.train.data.SftExample;
import org.rlhf4j.train.data.SftTokenizer;
import org.rlhf4j.train.data.Splits;
import org.rlhf4j.train.data.TokenizedComparison;
import org.rlhf4j.train.lm.PretrainTask;
import org.rlhf4j.train.lm.RewardSelection;
import org.rlhf4j.train.lm.SftTask;
import org.rlhf4j.train.rm.RewardModelTask;
import org.rlhf4j.train.run.TrainingLoop;

/**
 * Builds and runs each trainer from its config: loads the model folder and its tokenizer,
 * reads and tokenizes the data (reporting skipped records), writes the effective config as
 * {@code training_config.yaml} in the output folder, and runs the {@link TrainingLoop}.
 */
public final class Trainers {
    private Trainers() {}

    public static TrainingLoop.Result pretrain(PretrainConfig c, boolean resume, PrintStream log) {
        PretrainTask task = pretrainTask(c, log);
        ConfigLoader.save(c, prepare(required(c.out(), "out")).resolve("training_config.yaml"));
        return new TrainingLoop(c.loop(), task, log).run(Path.of(c.out()), resume);
    }

    /** The pretraining task of a config: model, tokenizer and packed data loaded. */
    public static PretrainTask pretrainTask(PretrainConfig c, PrintStream log) {
        Path modelDir = required(c.model(), "model");
        required(c.out(), "out");
        if (c.data().isEmpty()) {
            throw new IllegalArgumentException("pretrain: no data files given");
        }
        HfModelFolder folder = HfModelFolder.open(modelDir);
        TransformerModel model = withDropout(folder.loadCausalLm(), c.residualDropout());
        HfTokenizer tokenizer = tokenizer(modelDir);
        BadRecords bad = c.skipBadRecords() ? BadRecords.skipping() : BadRecords.failing();
        List<Path> files = c.data().stream().map(Path::of).toList();
        int blockLength = Math.min(c.blockLength(), model.config().maxPositions() - 1);
        PackedBlocks blocks = PackedBlocks.load(files, tokenizer, blockLength, bad);
        report(log, "pretrain", bad);
        if (blocks.count() == 0) {
            throw new IllegalArgumentException("pretrain: the data holds " + blocks.tokenCount()
                    + " tokens, less than one block of " + (blockLength + 1));
        }
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < blocks.count(); i++) {
            all.add(i);
        }
        Splits.Split<Integer> split = Splits.holdOut(all, blocks.count() > 1 ? c.validationFraction() : 0, c.seed());
        log.println("pretrain: " + blocks.tokenCount() + " tokens in " + blocks.count() + " blocks of " + blockLength
                + " (" + split.validation().size() + " held out)");
        return new PretrainTask(model, folder.config(), modelDir, DType.forSaving(c.dtype()), blocks,
                ints(split.train()), ints(split.validation()), c.batchSize(), c.seed());
    }

    public static TrainingLoop.Result sft(SftConfig c, boolean resume, PrintStream log) {
        Path modelDir = required(c.model(), "model");
        Path out = required(c.out(), "out");
        Path data = required(c.data(), "data");
        HfModelFolder folder = HfModelFolder.open(modelDir);
        TransformerModel model = withDropout(folder.loadCausalLm(), c.residualDropout());
        HfTokenizer tokenizer = tokenizer(modelDir);
        BadRecords bad = c.skipBadRecords() ? BadRecords.skipping() : BadRecords.failing();
        int maxLength = Math.min(c.maxLength(), model.config().maxPositions());
        List<Demonstration> demos = DemonstrationLoader.load(data, bad);
        Splits.Split<Demonstration> split = Splits.holdOut(demos, c.validationFraction(), c.seed());
        SftTokenizer sftTokenizer = new SftTokenizer(tokenizer, maxLength);
        List<SftExample> train = sftTokenizer.tokenize(split.train(), bad);
        List<SftExample> validation = sftTokenizer.tokenize(split.validation(), bad);
        report(log, "sft", bad);
        log.println("sft: " + train.size() + " demonstrations to train on, " + validation.size() + " held out");
        PackedBlocks ptx = null;
        if (!c.ptxData().isEmpty() && c.ptxCoef() > 0) {
            ptx = PackedBlocks.load(c.ptxData().stream().map(Path::of).toList(), tokenizer, Math.min(maxLength,
                    model.config().maxPositions() - 1), bad);
        }
        RewardSelection selection = null;
        if (c.rewardModel() != null) {
            ScalarHeadModel rm = HfModelFolder.open(Path.of(c.rewardModel())).loadScalarHead();
            List<int[]> prompts = selectionPrompts(validation, c.selectionPrompts(),
                    model.config().maxPositions() - c.selectionMaxNewTokens());
            if (prompts.isEmpty()) {
                throw new IllegalArgumentException("sft: choosing the epoch by reward model needs held-out prompts that "
                        + "fit the model with " + c.selectionMaxNewTokens() + " new tokens; set validation_fraction > 0");
            }
            selection = new RewardSelection(rm, prompts, c.selectionMaxNewTokens(), model.config().eosTokenIds());
        }
        SftTask task = new SftTask(model, folder.config(), modelDir, DType.forSaving(c.dtype()), train, validation, c.batchSize(),
                c.seed(), ptx, c.ptxCoef(), selection);
        ConfigLoader.save(c, prepare(out).resolve("training_config.yaml"));
        return new TrainingLoop(c.loop(), task, log).run(out, resume);
    }

    public static TrainingLoop.Result rm(RmConfig c, boolean resume, PrintStream log) {
        Path modelDir = required(c.model(), "model");
        Path out = required(c.out(), "out");
        Path data = required(c.data(), "data");
        HfModelFolder folder = HfModelFolder.open(modelDir);
        ScalarHeadModel loaded = folder.hasScalarHead() ? folder.loadScalarHead()
                : ScalarHeadModel.fromCausalLm(folder.loadCausalLm(), c.seed());
        ScalarHeadModel rm = new ScalarHeadModel(TransformerModel.fromParameters(
                loaded.config().withDropout(c.residualDropout(), 0f), false, loaded.body().parameters()),
                loaded.score(), loaded.rewardBias());
        HfTokenizer tokenizer = tokenizer(modelDir);
        BadRecords bad = c.skipBadRecords() ? BadRecords.skipping() : BadRecords.failing();
        int maxLength = Math.min(c.maxLength(), rm.config().maxPositions());
        List<Comparison> comparisons = ComparisonLoader.load(data, bad);
        Splits.Split<Comparison> split = Splits.holdOut(comparisons, c.validationFraction(), c.seed());
        ComparisonTokenizer ct = new ComparisonTokenizer(tokenizer, maxLength);
        List<TokenizedComparison> train = ct.tokenize(split.train(), bad);
        List<TokenizedComparison> validation = ct.tokenize(split.validation(), bad);
        List<int[]> demonstrations = new ArrayList<>();
        if (c.demonstrations() != null) {
            for (SftExample e : new SftTokenizer(tokenizer, maxLength).tokenize(
                    DemonstrationLoader.load(Path.of(c.demonstrations()), bad), bad)) {
                demonstrations.add(e.ids());
            }
        }
        report(log, "rm", bad);
        log.println("rm: " + train.size() + " comparisons to train on, " + validation.size() + " held out");
        RewardModelTask task = new RewardModelTask(rm, folder.config(), modelDir, DType.forSaving(c.dtype()), train, validation,
                c.batchSize(), c.seed());
        ConfigLoader.save(c, prepare(out).resolve("training_config.yaml"));
        TrainingLoop.Result result = new TrainingLoop(c.loop(), task, log).run(out, resume);
        if (!demonstrations.isEmpty()) {
            float bias = task.normalise(demonstrations);
            task.save(out);
            log.println("rm: reward bias " + bias + " makes the " + demonstrations.size() + " demonstrations score 0 on average");
        }
        return result;
    }

    /**
     * Prompts of held-out demonstrations exactly as SFT tokenized them: each example's tokens
     * before its first loss token (for a dialogue, up to the first assistant reply, template
     * header included). Prompts longer than {@code maxPromptLength} are left out.
     */
    static List<int[]> selectionPrompts(List<SftExample> validation, int count, int maxPromptLength) {
        List<int[]> prompts = new ArrayList<>();
        for (SftExample e : validation) {
            int first = 0;
            while (first < e.lossMask().length && !e.lossMask()[first]) {
                first++;
            }
            if (first > 0 && first <= maxPromptLength && prompts.size() < count) {
                prompts.add(java.util.Arrays.copyOf(e.ids(), first));
            }
        }
        return prompts;
    }

    private static TransformerModel withDropout(TransformerModel m, float residualDropout) {
        return TransformerModel.fromParameters(m.config().withDropout(residualDropout, 0f), true, m.parameters());
    }

    private static HfTokenizer tokenizer(Path modelDir) {
        try {
            return HfTokenizer.load(modelDir);
        } catch (IOException e) {
            throw new UncheckedIOException(modelDir + ": cannot load the tokenizer: " + e.getMessage(), e);
        }
    }

    private static Path required(String value, String key) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("option " + key + " is required (flag --" + key.replace('_', '-')
                    + " or key " + key + " in the config file)");
        }
        return Path.of(value);
    }

    private static Path prepare(Path out) {
        try {
            return Files.createDirectories(out);
        } catch (IOException e) {
            throw new UncheckedIOException(out + ": cannot create the output folder: " + e.getMessage(), e);
        }
    }

    private static void report(PrintStream log, String name, BadRecords bad) {
        if (bad.skipped() > 0) {
            log.println(name + ": " + bad.summary());
        }
    }

    private static int[] ints(List<Integer> list) {
        return list.stream().mapToInt(Integer::intValue).toArray();
    }
}
