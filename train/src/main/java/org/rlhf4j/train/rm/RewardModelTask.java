package org.rlhf4j.train.rm;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.rlhf4j.model.ScalarHeadModel;
import org.rlhf4j.model.hf.HfConfig;
import org.rlhf4j.model.hf.HfModelFolder;
import org.rlhf4j.tensor.Autograd;
import org.rlhf4j.tensor.Rng;
import org.rlhf4j.tensor.Tensor;
import org.rlhf4j.tensor.io.DType;
import org.rlhf4j.tensor.ops.Elementwise;
import org.rlhf4j.train.batch.EpochOrder;
import org.rlhf4j.train.data.TokenizedComparison;
import org.rlhf4j.train.run.Metrics;
import org.rlhf4j.train.run.TrainingTask;

/**
 * Reward-model training on K-wise comparisons. A batch is {@code batchSize} prompts; the K
 * responses of every prompt in it go through the model together, once each, and the loss
 * covers all C(K, 2) pairs of each prompt ({@link KWiseRankingLoss}).
 */
public final class RewardModelTask implements TrainingTask {
    private final ScalarHeadModel model;
    private final HfConfig baseConfig;
    private final Path tokenizerDir;
    private final DType dtype;
    private final List<TokenizedComparison> train;
    private final List<TokenizedComparison> validation;
    private final int batchSize;
    private final EpochOrder order;

    public RewardModelTask(ScalarHeadModel model, HfConfig baseConfig, Path tokenizerDir, DType dtype,
                           List<TokenizedComparison> train, List<TokenizedComparison> validation, int batchSize, long seed) {
        this.model = model;
        this.baseConfig = baseConfig;
        this.tokenizerDir = tokenizerDir;
        this.dtype = dtype;
        this.train = train;
        this.validation = validation;
        this.batchSize = batchSize;
        this.order = new EpochOrder(train.size(), batchSize, seed);
    }

    public ScalarHeadModel model() {
        return model;
    }

    @Override
    public String name() {
        return "rm";
    }

    @Override
    public int batchesPerEpoch() {
        return order.batches();
    }

    /** The loss of some comparisons: all their responses scored in one forward pass. */
    KWiseRankingLoss.Result lossOf(List<TokenizedComparison> comparisons) {
        List<int[]> sequences = new ArrayList<>();
        List<KWiseRankingLoss.Prompt> prompts = new ArrayList<>();
        for (TokenizedComparison c : comparisons) {
            prompts.add(new KWiseRankingLoss.Prompt(sequences.size(), c.k(), c.pairs()));
            sequences.addAll(List.of(c.sequences()));
        }
        return KWiseRankingLoss.compute(RewardScoring.rewards(model, sequences), prompts);
    }

    @Override
    public MicroBatch step(int epoch, int batch, float scale) {
        List<TokenizedComparison> picked = new ArrayList<>();
        long tokens = 0;
        for (int i : order.batch(epoch, batch)) {
            picked.add(train.get(i));
            for (int[] s : train.get(i).sequences()) {
                tokens += s.length;
            }
        }
        KWiseRankingLoss.Result r = lossOf(picked);
        (scale == 1f ? r.loss() : Elementwise.mulScalar(r.loss(), scale)).backward();
        return new MicroBatch(r.loss().item(), tokens, Metrics.of("accuracy", r.accuracy()));
    }

    @Override
    public Map<String, Double> validate(int epoch) {
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
        return Metrics.of("val/loss", loss / validation.size(), "val/accuracy", pairs == 0 ? 0 : right / pairs);
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

    @Override
    public List<Tensor> parameters() {
        return model.parameterList();
    }

    @Override
    public void train(boolean on, Rng rng) {
        model.body().train(on, rng);
    }

    @Override
    public void save(Path dir) {
        save(dir, dtype);
    }

    @Override
    public void saveExact(Path dir) {
        save(dir, DType.F32);
    }

    private void save(Path dir, DType type) {
        HfModelFolder.saveScalarHead(model, baseConfig, dir, type, tokenizerDir);
    }

    @Override
    public void load(Path dir) {
        ScalarHeadModel saved = HfModelFolder.open(dir).loadScalarHead();
        List<Tensor> from = saved.parameterList();
        List<Tensor> to = model.parameterList();
        for (int i = 0; i < to.size(); i++) {
            System.arraycopy(from.get(i).data(), 0, to.get(i).data(), 0, to.get(i).size());
        }
        model.rewardBias(saved.rewardBias());
    }
}
