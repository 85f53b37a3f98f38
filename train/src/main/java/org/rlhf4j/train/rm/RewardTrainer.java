package org.rlhf4j.train.rm;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.rlhf4j.model.ScalarHeadModel;
import org.rlhf4j.model.hf.HfModelFolder;
import org.rlhf4j.model.tokenizer.HfTokenizer;
import org.rlhf4j.tensor.io.DType;
import org.rlhf4j.train.config.RmConfig;
import org.rlhf4j.train.config.TrainingConfig;
import org.rlhf4j.train.data.BadRecords;
import org.rlhf4j.train.data.Comparison;
import org.rlhf4j.train.data.ComparisonLoader;
import org.rlhf4j.train.data.ComparisonTokenizer;
import org.rlhf4j.train.data.DemonstrationLoader;
import org.rlhf4j.train.data.SftExample;
import org.rlhf4j.train.data.SftTokenizer;
import org.rlhf4j.train.data.Splits;
import org.rlhf4j.train.run.EpochLoop;
import org.rlhf4j.train.run.TrainerSetup;
import org.rlhf4j.tensor.Autograd;
import org.rlhf4j.tensor.Tensor;
import org.rlhf4j.train.batch.EpochOrder;
import org.rlhf4j.train.data.TokenizedComparison;
import org.rlhf4j.train.run.Metrics;
import org.rlhf4j.train.run.EpochTask;
import org.rlhf4j.train.run.OptimizerStep;
import org.rlhf4j.train.run.RunFolder;
import org.rlhf4j.train.run.RunModel;

/**
 * Reward-model training on K-wise comparisons. A batch is {@code batchSize} prompts; the K
 * responses of every prompt in it go through the model together, once each, and the loss
 * covers all C(K, 2) pairs of each prompt ({@link KWiseRankingLoss}).
 */
public final class RewardTrainer implements EpochTask {
    private final ScalarHeadModel model;
    private final RunModel saved;
    private final List<TokenizedComparison> train;
    private final List<TokenizedComparison> validation;
    private final int batchSize;
    private final EpochOrder order;

    public RewardTrainer(ScalarHeadModel model, RunModel saved, List<TokenizedComparison> train,
                           List<TokenizedComparison> validation, int batchSize, long seed) {
        this.model = model;
        this.saved = saved;
        this.train = train;
        this.validation = validation;
        this.batchSize = batchSize;
        this.order = new EpochOrder(train.size(), batchSize, seed);
    }

    /**
     * Trains as {@code c} says: the reward model starts from the model folder (an SFT model gets
     * a new scalar head), trains on the comparisons, keeps the epoch with the best held-out
     * accuracy and, given demonstrations, sets its bias so that they score 0 on average.
     */
    public static EpochLoop.Result train(RmConfig c, boolean resume, PrintStream log) {
        Path modelDir = TrainingConfig.required(c.model, "model");
        Path out = TrainingConfig.required(c.out, "out");
        Path data = TrainingConfig.required(c.data, "data");
        HfModelFolder folder = HfModelFolder.open(modelDir);
        ScalarHeadModel loaded = folder.hasScalarHead() ? folder.loadScalarHead()
                : ScalarHeadModel.fromCausalLm(folder.loadCausalLm(), c.seed);
        ScalarHeadModel rm = new ScalarHeadModel(TrainerSetup.withDropout(loaded.body(), c.residualDropout, false),
                loaded.score(), loaded.rewardBias());
        HfTokenizer tokenizer = TrainerSetup.tokenizer(modelDir);
        BadRecords bad = TrainerSetup.badRecords(c);
        int maxLength = Math.min(c.maxLength, rm.config().maxPositions());
        List<Comparison> comparisons = ComparisonLoader.load(data, bad);
        Splits.Split<Comparison> split = Splits.holdOut(comparisons, c.validationFraction, c.seed);
        ComparisonTokenizer ct = new ComparisonTokenizer(tokenizer, maxLength);
        List<TokenizedComparison> train = ct.tokenize(split.train(), bad);
        List<TokenizedComparison> validation = ct.tokenize(split.validation(), bad);
        List<int[]> demonstrations = new ArrayList<>();
        if (c.demonstrations != null) {
            for (SftExample e : new SftTokenizer(tokenizer, maxLength).tokenize(
                    DemonstrationLoader.load(Path.of(c.demonstrations), bad), bad)) {
                demonstrations.add(e.ids());
            }
        }
        TrainerSetup.report(log, "rm", bad);
        log.println("rm: " + train.size() + " comparisons to train on, " + validation.size() + " held out");
        RunModel saved = RunModel.rewardModel(rm, folder.config(), modelDir);
        RewardTrainer trainer = new RewardTrainer(rm, saved, train, validation, c.batchSize, c.seed);
        EpochLoop.Result result = EpochLoop.run(trainer, c, resume, log);
        if (!demonstrations.isEmpty()) {
            float bias = trainer.normalise(demonstrations);
            saved.save(out, DType.forSaving(c.dtype));
            log.println("rm: reward bias " + bias + " makes the " + demonstrations.size() + " demonstrations score 0 on average");
        }
        return result;
    }

    @Override
    public Plan plan() {
        return new Plan("rm", saved, order.batches(), bestEpochBy());
    }

    /** The epoch whose held-out pairs the model orders best becomes the final model. */
    private RunFolder.Selection bestEpochBy() {
        return validation.isEmpty() ? null : new RunFolder.Selection("eval/accuracy", true);
    }

    /** The loss of some comparisons: all their responses scored in one forward pass. */
    KWiseRankingLoss.Result lossOf(List<TokenizedComparison> comparisons) {
        List<int[]> sequences = new ArrayList<>();
        List<RankedPairs.Prompt> prompts = new ArrayList<>();
        for (TokenizedComparison c : comparisons) {
            prompts.add(new RankedPairs.Prompt(sequences.size(), c.k(), c.pairs()));
            sequences.addAll(List.of(c.sequences()));
        }
        return KWiseRankingLoss.compute(RewardScoring.rewards(model, sequences), prompts);
    }

    @Override
    public OptimizerStep.Loss step(int epoch, int batch, float scale) {
        List<TokenizedComparison> picked = new ArrayList<>();
        long tokens = 0;
        for (int i : order.batch(epoch, batch)) {
            picked.add(train.get(i));
            for (int[] s : train.get(i).sequences()) {
                tokens += s.length;
            }
        }
        KWiseRankingLoss.Result r = lossOf(picked);
        OptimizerStep.backward(r.loss(), scale);
        return new OptimizerStep.Loss(r.loss().item(), tokens, Metrics.of("accuracy", r.accuracy()));
    }

    @Override
    public Map<String, Double> validate() {
        if (validation.isEmpty()) {
            return Map.of();
        }
        double loss = 0;
        double right = 0;
        int pairs = 0;
        for (int from = 0; from < validation.size(); from += batchSize) {
            List<TokenizedComparison> batch = validation.subList(from, Math.min(validation.size(), from + batchSize));
            KWiseRankingLoss.Result r = lossOf(batch);
            loss += r.loss().item() * batch.size();
            right += r.accuracy() * r.pairs();
            pairs += r.pairs();
        }
        return Metrics.of("eval/loss", loss / validation.size(), "eval/accuracy", pairs == 0 ? 0 : right / pairs);
    }

    /**
     * Sets the reward bias so that the given sequences (prompt + demonstration) score 0 on
     * average, as the paper normalises its reward model before RL. Returns the bias.
     */
    public float normalise(List<int[]> demonstrations) {
        if (demonstrations.isEmpty()) {
            throw new IllegalArgumentException("reward normalisation needs at least one demonstration");
        }
        model.rewardBias(0f);
        double sum = 0;
        try (var ignored = Autograd.noGrad()) {
            for (int from = 0; from < demonstrations.size(); from += batchSize) {
                Tensor r = RewardScoring.rewards(model, demonstrations.subList(from, Math.min(demonstrations.size(), from + batchSize)));
                for (float x : r.data()) {
                    sum += x;
                }
            }
        }
        float bias = (float) (-sum / demonstrations.size());
        model.rewardBias(bias);
        return bias;
    }
}
