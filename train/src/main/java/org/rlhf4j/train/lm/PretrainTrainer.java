package org.rlhf4j.train.lm;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.rlhf4j.model.TransformerModel;
import org.rlhf4j.model.hf.HfModelFolder;
import org.rlhf4j.model.tokenizer.HfTokenizer;
import org.rlhf4j.train.config.PretrainConfig;
import org.rlhf4j.train.config.TrainingConfig;
import org.rlhf4j.train.data.BadRecords;
import org.rlhf4j.train.data.Splits;
import org.rlhf4j.train.run.EpochLoop;
import org.rlhf4j.train.run.TrainerSetup;
import org.rlhf4j.tensor.Tensor;
import org.rlhf4j.train.batch.EpochOrder;
import org.rlhf4j.train.batch.LmBatch;
import org.rlhf4j.train.data.PackedBlocks;
import org.rlhf4j.train.run.EpochTask;
import org.rlhf4j.train.run.Metrics;
import org.rlhf4j.train.run.OptimizerStep;
import org.rlhf4j.train.run.RunModel;

/** Causal language modelling on packed blocks of text: every token is a target. */
public final class PretrainTrainer implements EpochTask {
    private final TransformerModel model;
    private final RunModel saved;
    private final PackedBlocks blocks;
    private final int[] trainBlocks;
    private final int[] validationBlocks;
    private final int batchSize;
    private final EpochOrder order;

    /** Blocks listed in {@code validationBlocks} are held out; the rest are trained on. */
    public PretrainTrainer(TransformerModel model, RunModel saved, PackedBlocks blocks, int[] trainBlocks,
                        int[] validationBlocks, int batchSize, long seed) {
        this.model = model;
        this.saved = saved;
        this.blocks = blocks;
        this.trainBlocks = trainBlocks;
        this.validationBlocks = validationBlocks;
        this.batchSize = batchSize;
        this.order = new EpochOrder(trainBlocks.length, batchSize, seed);
    }

    /** Trains as {@code c} says: loads the model and text, then runs the epoch loop into {@code c.out}. */
    public static EpochLoop.Result train(PretrainConfig c, boolean resume, PrintStream log) {
        return EpochLoop.run(fromConfig(c, log), c, resume, log);
    }

    /** The trainer of a config: model, tokenizer and packed blocks loaded, the validation blocks held out. */
    public static PretrainTrainer fromConfig(PretrainConfig c, PrintStream log) {
        Path modelDir = TrainingConfig.required(c.model, "model");
        TrainingConfig.required(c.out, "out");
        if (c.data.isEmpty()) {
            throw new IllegalArgumentException("option data is required (flag --data or key data in the config file)");
        }
        HfModelFolder folder = HfModelFolder.open(modelDir);
        TransformerModel model = TrainerSetup.withDropout(folder.loadCausalLm(), c.residualDropout, true);
        HfTokenizer tokenizer = TrainerSetup.tokenizer(modelDir);
        BadRecords bad = TrainerSetup.badRecords(c);
        int blockLength = Math.min(c.blockLength, model.config().maxPositions() - 1);
        PackedBlocks blocks = PackedBlocks.load(c.data.stream().map(Path::of).toList(), tokenizer, blockLength, bad);
        TrainerSetup.report(log, "pretrain", bad);
        if (blocks.count() == 0) {
            throw new IllegalArgumentException("pretrain: the data holds " + blocks.tokenCount()
                    + " tokens, less than one block of " + (blockLength + 1));
        }
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < blocks.count(); i++) {
            all.add(i);
        }
        Splits.Split<Integer> split = Splits.holdOut(all, blocks.count() > 1 ? c.validationFraction : 0, c.seed);
        log.println("pretrain: " + blocks.tokenCount() + " tokens in " + blocks.count() + " blocks of " + blockLength
                + " (" + split.validation().size() + " held out)");
        return new PretrainTrainer(model, RunModel.causalLm(model, folder.config(), modelDir), blocks,
                ints(split.train()), ints(split.validation()), c.batchSize, c.seed);
    }

    private static int[] ints(List<Integer> list) {
        return list.stream().mapToInt(Integer::intValue).toArray();
    }

    @Override
    public Plan plan() {
        return new Plan("pretrain", saved, order.batches(), null);
    }

    @Override
    public OptimizerStep.Loss step(int epoch, int batch, float scale) {
        LmBatch b = blockBatch(order.batch(epoch, batch), trainBlocks);
        Tensor loss = CausalLmLoss.of(model, b);
        OptimizerStep.backward(loss, scale);
        return OptimizerStep.Loss.of(loss.item(), (long) b.batch() * b.seqLen());
    }

    @Override
    public Map<String, Double> validate() {
        if (validationBlocks.length == 0) {
            return Map.of();
        }
        List<LmBatch> batches = new ArrayList<>();
        for (int from = 0; from < validationBlocks.length; from += batchSize) {
            int[] picked = new int[Math.min(validationBlocks.length, from + batchSize) - from];
            for (int i = 0; i < picked.length; i++) {
                picked[i] = from + i;
            }
            batches.add(blockBatch(picked, validationBlocks));
        }
        double loss = CausalLmLoss.mean(model, batches);
        return Metrics.of("eval/loss", loss, "eval/perplexity", Math.exp(loss));
    }

    /** The blocks {@code split[i]} for each i picked. */
    private LmBatch blockBatch(int[] picked, int[] split) {
        List<int[]> seqs = new ArrayList<>();
        for (int i : picked) {
            seqs.add(blocks.block(split[i]));
        }
        return LmBatch.of(seqs, null);
    }
}
