package org.rlhf4j.train.lm;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.rlhf4j.model.TransformerModel;
import org.rlhf4j.model.hf.HfConfig;
import org.rlhf4j.tensor.Tensor;
import org.rlhf4j.tensor.io.DType;
import org.rlhf4j.tensor.ops.Elementwise;
import org.rlhf4j.train.batch.EpochOrder;
import org.rlhf4j.train.batch.LmBatch;
import org.rlhf4j.train.data.PackedBlocks;
import org.rlhf4j.train.data.SftExample;
import org.rlhf4j.train.run.Metrics;

/**
 * Supervised fine-tuning on demonstrations: next-token loss on the response tokens only
 * (the example's loss mask), optionally mixed with pretraining as
 * {@code loss = sft + ptxCoef * pretrain}, where every micro-batch also runs as many
 * pretraining blocks as it has demonstrations. {@code ptxCoef} weighs the loss; it is not a
 * share of the data (the paper's SFT model for PPO-ptx saw 10% pretraining data), and the mix
 * roughly doubles the cost of a step. Validation: loss on held-out demonstrations and, when a
 * reward model is given, the mean reward of greedy completions of held-out prompts
 * ({@code val/rm_score}).
 */
public final class SftTask extends CausalLmTask {
    private final List<SftExample> train;
    private final List<SftExample> validation;
    private final int batchSize;
    private final EpochOrder order;
    private final EpochOrder ptxOrder;
    private final PackedBlocks ptx;
    private final double ptxCoef;
    private final RewardSelection selection;

    public SftTask(TransformerModel model, HfConfig baseConfig, Path tokenizerDir, DType dtype, List<SftExample> train,
                   List<SftExample> validation, int batchSize, long seed, PackedBlocks ptx, double ptxCoef,
                   RewardSelection selection) {
        super(model, baseConfig, tokenizerDir, dtype);
        if (ptx != null && ptx.count() == 0) {
            throw new IllegalArgumentException("the pretraining mix has no blocks (too little text for the block length)");
        }
        this.train = train;
        this.validation = validation;
        this.batchSize = batchSize;
        this.order = new EpochOrder(train.size(), batchSize, seed);
        this.ptxOrder = ptx == null ? null : new EpochOrder(ptx.count(), batchSize, seed + 1);
        this.ptx = ptx;
        this.ptxCoef = ptxCoef;
        this.selection = selection;
    }

    @Override
    public String name() {
        return "sft";
    }

    @Override
    public int batchesPerEpoch() {
        return order.batches();
    }

    static LmBatch batchOf(List<SftExample> examples) {
        List<int[]> seqs = new ArrayList<>();
        List<boolean[]> masks = new ArrayList<>();
        for (SftExample e : examples) {
            seqs.add(e.ids());
            masks.add(e.lossMask());
        }
        return LmBatch.of(seqs, masks);
    }

    @Override
    public MicroBatch step(int epoch, int batch, float scale) {
        List<SftExample> picked = new ArrayList<>();
        for (int i : order.batch(epoch, batch)) {
            picked.add(train.get(i));
        }
        LmBatch b = batchOf(picked);
        Tensor sftLoss = loss(b);
        long tokens = (long) b.batch() * b.seqLen();
        if (ptx == null || ptxCoef == 0) {
            backward(sftLoss, scale);
            return new MicroBatch(sftLoss.item(), tokens, Map.of());
        }
        // the pretraining batch walks the blocks in a fixed order, one batch per micro-batch
        long index = (long) epoch * batchesPerEpoch() + batch;
        List<int[]> blocks = new ArrayList<>();
        int ptxBatches = ptxOrder.batches();
        for (int i : ptxOrder.batch((int) (index / ptxBatches), (int) (index % ptxBatches))) {
            blocks.add(ptx.block(i));
        }
        LmBatch p = LmBatch.of(blocks, null);
        Tensor ptxLoss = loss(p);
        Tensor total = Elementwise.add(sftLoss, Elementwise.mulScalar(ptxLoss, (float) ptxCoef));
        backward(total, scale);
        return new MicroBatch(total.item(), tokens + (long) p.batch() * p.seqLen(),
                Metrics.of("loss/sft", sftLoss.item(), "loss/ptx", ptxLoss.item()));
    }

    @Override
    public Map<String, Double> validate(int epoch) {
        Map<String, Double> out = Metrics.of();
        if (!validation.isEmpty()) {
            List<LmBatch> batches = new ArrayList<>();
            for (int from = 0; from < validation.size(); from += batchSize) {
                batches.add(batchOf(validation.subList(from, Math.min(validation.size(), from + batchSize))));
            }
            out.put("val/loss", evaluate(batches));
        }
        if (selection != null) {
            out.put("val/rm_score", selection.meanScore(model));
        }
        return out;
    }
}
