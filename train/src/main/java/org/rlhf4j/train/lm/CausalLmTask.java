package org.rlhf4j.train.lm;

import org.rlhf4j.train.batch.EpochOrder;
import org.rlhf4j.train.batch.LmBatch;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.rlhf4j.model.TransformerModel;
import org.rlhf4j.model.hf.HfConfig;
import org.rlhf4j.model.hf.HfModelFolder;
import org.rlhf4j.tensor.Autograd;
import org.rlhf4j.tensor.Rng;
import org.rlhf4j.tensor.Tensor;
import org.rlhf4j.tensor.io.DType;
import org.rlhf4j.tensor.ops.CrossEntropy;
import org.rlhf4j.train.run.TrainingTask;

/** What pretraining and SFT share: a causal LM, its next-token loss, and saving it as an HF folder. */
public abstract class CausalLmTask implements TrainingTask {
    protected final TransformerModel model;
    private final HfConfig baseConfig;
    private final Path tokenizerDir;
    private final DType dtype;

    protected CausalLmTask(TransformerModel model, HfConfig baseConfig, Path tokenizerDir, DType dtype) {
        this.model = model;
        this.baseConfig = baseConfig;
        this.tokenizerDir = tokenizerDir;
        this.dtype = dtype;
    }

    public TransformerModel model() {
        return model;
    }

    /** Mean next-token loss over the batch's loss positions. */
    protected Tensor loss(LmBatch b) {
        Tensor hidden = model.forward(b.tokens(), b.batch(), b.seqLen(), b.positions(), null, null);
        Tensor flat = hidden.reshape(b.batch() * b.seqLen(), model.config().hiddenSize());
        return CrossEntropy.fromHidden(flat, model.unembedding(), b.targets(), LmBatch.IGNORE);
    }

    /** Backward of {@code loss * scale}. */
    protected static void backward(Tensor loss, float scale) {
        (scale == 1f ? loss : org.rlhf4j.tensor.ops.Elementwise.mulScalar(loss, scale)).backward();
    }

    /** Token-weighted mean loss over batches of examples, without gradients. */
    protected double evaluate(List<LmBatch> batches) {
        double sum = 0;
        long tokens = 0;
        try (var ignored = Autograd.noGrad()) {
            for (LmBatch b : batches) {
                int n = b.lossTokens();
                if (n > 0) {
                    sum += loss(b).item() * n;
                    tokens += n;
                }
            }
        }
        return tokens == 0 ? Double.NaN : sum / tokens;
    }

    @Override
    public List<Tensor> parameters() {
        return model.parameterList();
    }

    @Override
    public void train(boolean on, Rng rng) {
        model.train(on, rng);
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
        HfModelFolder.saveCausalLm(model, baseConfig, dir, type, tokenizerDir);
    }

    @Override
    public void load(Path dir) {
        TransformerModel saved = HfModelFolder.open(dir).loadCausalLm();
        copyWeights(saved.parameters(), model.parameters());
    }

    static void copyWeights(Map<String, Tensor> from, Map<String, Tensor> to) {
        to.forEach((name, p) -> {
            Tensor src = from.get(name);
            if (src == null || src.size() != p.size()) {
                throw new IllegalStateException("checkpoint does not match the model: parameter " + name);
            }
            System.arraycopy(src.data(), 0, p.data(), 0, p.size());
        });
    }
}
