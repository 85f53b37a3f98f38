package org.rlhf4j.train.dpo;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rlhf4j.model.TransformerModel;
import org.rlhf4j.model.hf.HfModelFolder;
import org.rlhf4j.model.tokenizer.HfTokenizer;
import org.rlhf4j.tensor.Autograd;
import org.rlhf4j.tensor.Tensor;
import org.rlhf4j.tensor.optim.ParameterStore;
import org.rlhf4j.train.batch.EpochOrder;
import org.rlhf4j.train.config.DpoConfig;
import org.rlhf4j.train.config.TrainingConfig;
import org.rlhf4j.train.data.BadRecords;
import org.rlhf4j.train.data.Comparison;
import org.rlhf4j.train.data.ComparisonLoader;
import org.rlhf4j.train.data.ComparisonTokenizer;
import org.rlhf4j.train.data.Splits;
import org.rlhf4j.train.data.TokenizedComparison;
import org.rlhf4j.train.lm.ResponseLogProbs;
import org.rlhf4j.train.rm.RankedPairs;
import org.rlhf4j.train.run.Checkpoints;
import org.rlhf4j.train.run.EpochLoop;
import org.rlhf4j.train.run.EpochTask;
import org.rlhf4j.train.run.OptimizerStep;
import org.rlhf4j.train.run.RunFolder;
import org.rlhf4j.train.run.RunModel;
import org.rlhf4j.train.run.TrainerSetup;
import org.rlhf4j.train.run.TrainingException;

/**
 * DPO on K-wise comparisons ({@link DpoLoss}). A batch is {@code batch_size} prompts; the K
 * responses of each go through the policy once, in one forward pass for the whole batch. The
 * frozen reference is the starting model: its log-probs of every response are computed once,
 * before training, and kept in {@code OUT/reference_logps.safetensors}, so training runs one
 * model, not two, and a resumed run reads them back instead of needing the starting weights.
 * The final model is the epoch with the best {@code eval/rewards/accuracies}.
 */
public final class DpoTrainer implements EpochTask {
    static final String REFERENCE_FILE = "reference_logps.safetensors";

    private final TransformerModel model;
    private final RunModel saved;
    private final List<TokenizedComparison> train;
    private final List<TokenizedComparison> validation;
    private final float[][] trainReference;
    private final float[][] validationReference;
    private final DpoConfig config;
    private final EpochOrder order;

    DpoTrainer(TransformerModel model, RunModel saved, List<TokenizedComparison> train, List<TokenizedComparison> validation,
               float[][] trainReference, float[][] validationReference, DpoConfig config) {
        this.model = model;
        this.saved = saved;
        this.train = train;
        this.validation = validation;
        this.trainReference = trainReference;
        this.validationReference = validationReference;
        this.config = config;
        this.order = new EpochOrder(train.size(), config.batchSize, config.seed);
    }

    /** Trains as {@code c} says into {@code c.out}. */
    public static EpochLoop.Result train(DpoConfig c, boolean resume, PrintStream log) {
        return EpochLoop.run(fromConfig(c, resume, log), c, resume, log);
    }

    /** The model and comparisons loaded, and the reference log-probs computed (or, resuming, read back). */
    public static DpoTrainer fromConfig(DpoConfig c, boolean resume, PrintStream log) {
        Path modelDir = TrainingConfig.required(c.model, "model");
        Path out = TrainingConfig.required(c.out, "out");
        Path data = TrainingConfig.required(c.data, "data");
        HfModelFolder folder = HfModelFolder.open(modelDir);
        TransformerModel model = TrainerSetup.withDropout(folder.loadCausalLm(), c.residualDropout, true);
        HfTokenizer tokenizer = TrainerSetup.tokenizer(modelDir);
        BadRecords bad = TrainerSetup.badRecords(c);
        List<Comparison> comparisons = ComparisonLoader.load(data, bad);
        Splits.Split<Comparison> split = Splits.holdOut(comparisons, c.validationFraction, c.seed);
        ComparisonTokenizer ct = new ComparisonTokenizer(tokenizer, Math.min(c.maxLength, model.config().maxPositions()));
        List<TokenizedComparison> train = ct.tokenize(split.train(), bad);
        List<TokenizedComparison> validation = ct.tokenize(split.validation(), bad);
        TrainerSetup.report(log, "dpo", bad);
        log.println("dpo: " + train.size() + " comparisons to train on, " + validation.size() + " held out");
        if (!resume && new Checkpoints(out, 1).latest().isPresent()) {
            // refused here, before the cache below would overwrite that run's reference log-probs
            throw new TrainingException(out + " holds the checkpoints of an earlier run: pass --resume to continue "
                    + "it, or choose another output folder");
        }
        Path cache = out.resolve(REFERENCE_FILE);
        float[] trainRef;
        float[] validationRef;
        Tensor cachedTrain = Tensor.parameter("train", new float[responses(train)], responses(train));
        Tensor cachedValidation = Tensor.parameter("validation", new float[Math.max(1, responses(validation))],
                Math.max(1, responses(validation)));
        if (resume && Files.isRegularFile(cache)) {
            ParameterStore.load(cache, List.of(cachedTrain, cachedValidation));
            log.println("dpo: reference log-probs read from " + cache);
        } else {
            model.train(false, null);
            long started = System.nanoTime();
            System.arraycopy(referenceLogps(model, train, c.batchSize), 0, cachedTrain.data(), 0, cachedTrain.size());
            float[] v = referenceLogps(model, validation, c.batchSize);
            System.arraycopy(v, 0, cachedValidation.data(), 0, v.length);
            ParameterStore.save(cache, List.of(cachedTrain, cachedValidation), Map.of());
            log.println(String.format(java.util.Locale.ROOT, "dpo: reference log-probs of %d responses in %.1f s, kept in %s",
                    cachedTrain.size() + v.length, (System.nanoTime() - started) / 1e9, cache));
        }
        trainRef = cachedTrain.data();
        validationRef = cachedValidation.data();
        return new DpoTrainer(model, RunModel.causalLm(model, folder.config(), modelDir), train, validation,
                perComparison(train, trainRef), perComparison(validation, validationRef), c);
    }

    private static int responses(List<TokenizedComparison> comparisons) {
        return comparisons.stream().mapToInt(TokenizedComparison::k).sum();
    }

    /** Every response's log-prob under {@code model}, comparisons in order, without gradients. */
    static float[] referenceLogps(TransformerModel model, List<TokenizedComparison> comparisons, int batchSize) {
        float[] out = new float[responses(comparisons)];
        int at = 0;
        try (var ignored = Autograd.noGrad()) {
            for (int from = 0; from < comparisons.size(); from += batchSize) {
                Batch b = Batch.of(comparisons.subList(from, Math.min(comparisons.size(), from + batchSize)));
                float[] logps = ResponseLogProbs.perSequence(model, b.sequences, b.promptLengths).data();
                System.arraycopy(logps, 0, out, at, logps.length);
                at += logps.length;
            }
        }
        return out;
    }

    /** The flat reference log-probs cut per comparison. */
    private static float[][] perComparison(List<TokenizedComparison> comparisons, float[] flat) {
        float[][] out = new float[comparisons.size()][];
        int at = 0;
        for (int i = 0; i < out.length; i++) {
            out[i] = java.util.Arrays.copyOfRange(flat, at, at + comparisons.get(i).k());
            at += comparisons.get(i).k();
        }
        return out;
    }

    /** Comparisons' responses as one forward batch, with the loss's view of which responses belong to which prompt. */
    record Batch(List<int[]> sequences, int[] promptLengths, List<RankedPairs.Prompt> prompts, long tokens) {
        static Batch of(List<TokenizedComparison> comparisons) {
            List<int[]> sequences = new ArrayList<>();
            List<Integer> promptLengths = new ArrayList<>();
            List<RankedPairs.Prompt> prompts = new ArrayList<>();
            long tokens = 0;
            for (TokenizedComparison c : comparisons) {
                prompts.add(new RankedPairs.Prompt(sequences.size(), c.k(), c.pairs()));
                for (int[] s : c.sequences()) {
                    sequences.add(s);
                    promptLengths.add(c.promptLength());
                    tokens += s.length;
                }
            }
            return new Batch(sequences, promptLengths.stream().mapToInt(Integer::intValue).toArray(), prompts, tokens);
        }
    }

    @Override
    public Plan plan() {
        return new Plan("dpo", saved, order.batches(),
                validation.isEmpty() ? null : new RunFolder.Selection("eval/rewards/accuracies", true));
    }

    /** The loss of some comparisons (indices into {@code data}): all their responses in one forward pass. */
    DpoLoss.Result lossOf(List<TokenizedComparison> data, float[][] reference, int[] picked) {
        List<TokenizedComparison> comparisons = new ArrayList<>();
        List<float[]> refs = new ArrayList<>();
        for (int i : picked) {
            comparisons.add(data.get(i));
            refs.add(reference[i]);
        }
        Batch b = Batch.of(comparisons);
        float[] ref = new float[b.sequences.size()];
        int at = 0;
        for (float[] r : refs) {
            System.arraycopy(r, 0, ref, at, r.length);
            at += r.length;
        }
        Tensor logps = ResponseLogProbs.perSequence(model, b.sequences, b.promptLengths);
        return DpoLoss.compute(logps, ref, b.prompts, config.beta, config.labelSmoothing, config.lossType);
    }

    @Override
    public OptimizerStep.Loss step(int epoch, int batch, float scale) {
        int[] picked = order.batch(epoch, batch);
        long tokens = 0;
        for (int i : picked) {
            for (int[] s : train.get(i).sequences()) {
                tokens += s.length;
            }
        }
        DpoLoss.Result r = lossOf(train, trainReference, picked);
        OptimizerStep.backward(r.loss(), scale);
        return new OptimizerStep.Loss(r.loss().item(), tokens, r.metrics());
    }

    @Override
    public Map<String, Double> validate() {
        if (validation.isEmpty()) {
            return Map.of();
        }
        double loss = 0;
        Map<String, Double> sums = new LinkedHashMap<>();
        int pairs = 0;
        for (int from = 0; from < validation.size(); from += config.batchSize) {
            int[] picked = java.util.stream.IntStream.range(from, Math.min(validation.size(), from + config.batchSize)).toArray();
            DpoLoss.Result r = lossOf(validation, validationReference, picked);
            loss += r.loss().item() * picked.length;
            int n = r.pairs();
            r.metrics().forEach((k, v) -> sums.merge(k, v * n, Double::sum));
            pairs += n;
        }
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("eval/loss", loss / validation.size());
        int total = pairs;
        sums.forEach((k, v) -> out.put("eval/" + k, total == 0 ? 0 : v / total));
        return out;
    }
}
