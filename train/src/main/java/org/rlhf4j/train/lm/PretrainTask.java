package org.rlhf4j.train.lm;

import org.rlhf4j.train.batch.EpochOrder;
import org.rlhf4j.train.batch.LmBatch;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.rlhf4j.model.TransformerModel;
import org.rlhf4j.model.hf.HfConfig;
import org.rlhf4j.tensor.Tensor;
import org.rlhf4j.tensor.io.DType;
import org.rlhf4j.train.data.PackedBlocks;
import org.rlhf4j.train.run.Metrics;

/** Causal language modelling on packed blocks of text: every token is a target. */
public final class PretrainTask extends CausalLmTask {
    private final PackedBlocks blocks;
    private final int[] trainBlocks;
    private final int[] validationBlocks;
    private final int batchSize;
    private final EpochOrder order;

    /** Blocks listed in {@code validationBlocks} are held out; the rest are trained on. */
    public PretrainTask(TransformerModel model, HfConfig baseConfig, Path tokenizerDir, DType dtype, PackedBlocks blocks,
                        int[] trainBlocks, int[] validationBlocks, int batchSize, long seed) {
        super(model, baseConfig, tokenizerDir, dtype);
        this.blocks = blocks;
        this.trainBlocks = trainBlocks;
        this.validationBlocks = validationBlocks;
        this.batchSize = batchSize;
        this.order = new EpochOrder(trainBlocks.length, batchSize, seed);
    }

    @Override
    public String name() {
        return "pretrain";
    }

    @Override
    public int batchesPerEpoch() {
        return order.batches();
    }

    @Override
    public MicroBatch step(int epoch, int batch, float scale) {
        List<int[]> seqs = new ArrayList<>();
        for (int i : order.batch(epoch, batch)) {
            seqs.add(blocks.block(trainBlocks[i]));
        }
        LmBatch b = LmBatch.of(seqs, null);
        Tensor loss = loss(b);
        backward(loss, scale);
        return new MicroBatch(loss.item(), (long) b.batch() * b.seqLen(), Map.of());
    }

    @Override
    public Map<String, Double> validate(int epoch) {
        if (validationBlocks.length == 0) {
            return Map.of();
        }
        List<LmBatch> batches = new ArrayList<>();
        for (int from = 0; from < validationBlocks.length; from += batchSize) {
            List<int[]> seqs = new ArrayList<>();
            for (int i = from; i < Math.min(validationBlocks.length, from + batchSize); i++) {
                seqs.add(blocks.block(validationBlocks[i]));
            }
            batches.add(LmBatch.of(seqs, null));
        }
        double loss = evaluate(batches);
        return Metrics.of("val/loss", loss, "val/perplexity", Math.exp(loss));
    }
}
