package org.rlhf4j.train.lm;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.rlhf4j.model.ScalarHeadModel;
import org.rlhf4j.model.TransformerModel;
import org.rlhf4j.model.hf.HfModelFolder;
import org.rlhf4j.model.tokenizer.HfTokenizer;
import org.rlhf4j.train.config.SftConfig;
import org.rlhf4j.train.config.TrainingConfig;
import org.rlhf4j.train.data.BadRecords;
import org.rlhf4j.train.data.Demonstration;
import org.rlhf4j.train.data.DemonstrationLoader;
import org.rlhf4j.train.data.SftTokenizer;
import org.rlhf4j.train.data.Splits;
import org.rlhf4j.train.run.EpochLoop;
import org.rlhf4j.train.run.TrainerSetup;
import org.rlhf4j.tensor.Tensor;
import org.rlhf4j.tensor.ops.Elementwise;
import org.rlhf4j.train.batch.EpochOrder;
import org.rlhf4j.train.batch.LmBatch;
import org.rlhf4j.train.data.PackedBlocks;
import org.rlhf4j.train.data.SftExample;
import org.rlhf4j.train.run.EpochTask;
import org.rlhf4j.train.run.Metrics;
import org.rlhf4j.train.run.OptimizerStep;
import org.rlhf4j.train.run.RunFolder;
import org.rlhf4j.train.run.RunModel;

/**
 * Supervised fine-tuning on demonstrations: next-token loss on the response tokens only
 * (the example's loss mask), optionally mixed with pretraining as
 * {@code loss = sft + ptxCoef * pretrain}, where every micro-batch also runs as many
 * pretraining blocks as it has demonstrations. {@code ptxCoef} weighs the loss; it is not a
 * share of the data (the paper's SFT model for PPO-ptx saw 10% pretraining data), and the mix
 * roughly doubles the cost of a step. Validation: loss on held-out demonstrations and, when a
 * reward model is given, the mean reward of greedy completions of held-out prompts
 * ({@code eval/rm_score}), which then picks the final epoch (else {@code eval/loss} does).
 */
public final class SftTrainer implements EpochTask {
    private final TransformerModel model;
    private final RunModel saved;
    private final List<SftExample> train;
    private final List<SftExample> validation;
    private final int batchSize;
    private final EpochOrder order;
    private final EpochOrder ptxOrder;
    private final PackedBlocks ptx;
    private final double ptxCoef;
    private final RewardSelection selection;

    public SftTrainer(TransformerModel model, RunModel saved, List<SftExample> train, List<SftExample> validation,
                   int batchSize, long seed, PackedBlocks ptx, double ptxCoef, RewardSelection selection) {
        if (ptx != null && ptx.count() == 0) {
            throw new IllegalArgumentException("the pretraining mix has no blocks (too little text for the block length)");
        }
        this.model = model;
        this.saved = saved;
        this.train = train;
        this.validation = validation;
        this.batchSize = batchSize;
        this.order = new EpochOrder(train.size(), batchSize, seed);
        this.ptxOrder = ptx == null ? null : new EpochOrder(ptx.count(), batchSize, seed + 1);
        this.ptx = ptx;
        this.ptxCoef = ptxCoef;
        this.selection = selection;
    }

    /** Trains as {@code c} says: loads the model, demonstrations and any mix, then runs the epoch loop into {@code c.out}. */
    public static EpochLoop.Result train(SftConfig c, boolean resume, PrintStream log) {
        return EpochLoop.run(fromConfig(c, log), c, resume, log);
    }

    public static SftTrainer fromConfig(SftConfig c, PrintStream log) {
        Path modelDir = TrainingConfig.required(c.model, "model");
        TrainingConfig.required(c.out, "out");
        Path data = TrainingConfig.required(c.data, "data");
        HfModelFolder folder = HfModelFolder.open(modelDir);
        TransformerModel model = TrainerSetup.withDropout(folder.loadCausalLm(), c.residualDropout, true);
        HfTokenizer tokenizer = TrainerSetup.tokenizer(modelDir);
        BadRecords bad = TrainerSetup.badRecords(c);
        int maxLength = Math.min(c.maxLength, model.config().maxPositions());
        List<Demonstration> demos = DemonstrationLoader.load(data, bad);
        Splits.Split<Demonstration> split = Splits.holdOut(demos, c.validationFraction, c.seed);
        SftTokenizer sftTokenizer = new SftTokenizer(tokenizer, maxLength);
        List<SftExample> train = sftTokenizer.tokenize(split.train(), bad);
        List<SftExample> validation = sftTokenizer.tokenize(split.validation(), bad);
        TrainerSetup.report(log, "sft", bad);
        log.println("sft: " + train.size() + " demonstrations to train on, " + validation.size() + " held out");
        PackedBlocks ptx = null;
        if (!c.ptxData.isEmpty() && c.ptxCoef > 0) {
            ptx = PackedBlocks.load(c.ptxData.stream().map(Path::of).toList(), tokenizer,
                    Math.min(maxLength, model.config().maxPositions() - 1), bad);
        }
        RewardSelection selection = null;
        if (c.rewardModel != null) {
            ScalarHeadModel rm = HfModelFolder.open(Path.of(c.rewardModel)).loadScalarHead();
            List<int[]> prompts = selectionPrompts(validation, c.selectionPrompts,
                    model.config().maxPositions() - c.selectionMaxNewTokens);
            if (prompts.isEmpty()) {
                throw new IllegalArgumentException("sft: choosing the epoch by reward model needs held-out prompts that "
                        + "fit the model with " + c.selectionMaxNewTokens + " new tokens; set validation_fraction > 0");
            }
            selection = new RewardSelection(rm, prompts, c.selectionMaxNewTokens, model.config().eosTokenIds());
        }
        return new SftTrainer(model, RunModel.causalLm(model, folder.config(), modelDir), train, validation, c.batchSize,
                c.seed, ptx, c.ptxCoef, selection);
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
                prompts.add(Arrays.copyOf(e.ids(), first));
            }
        }
        return prompts;
    }

    @Override
    public Plan plan() {
        return new Plan("sft", saved, order.batches(), bestEpochBy());
    }

    private RunFolder.Selection bestEpochBy() {
        if (selection != null) {
            return new RunFolder.Selection("eval/rm_score", true);
        }
        return validation.isEmpty() ? null : new RunFolder.Selection("eval/loss", false);
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
    public OptimizerStep.Loss step(int epoch, int batch, float scale) {
        List<SftExample> picked = new ArrayList<>();
        for (int i : order.batch(epoch, batch)) {
            picked.add(train.get(i));
        }
        LmBatch b = batchOf(picked);
        Tensor sftLoss = CausalLmLoss.of(model, b);
        long tokens = (long) b.batch() * b.seqLen();
        if (ptx == null || ptxCoef == 0) {
            OptimizerStep.backward(sftLoss, scale);
            return OptimizerStep.Loss.of(sftLoss.item(), tokens);
        }
        // the pretraining batch walks the blocks in a fixed order, one batch per micro-batch
        long index = (long) epoch * order.batches() + batch;
        List<int[]> blocks = new ArrayList<>();
        int ptxBatches = ptxOrder.batches();
        for (int i : ptxOrder.batch((int) (index / ptxBatches), (int) (index % ptxBatches))) {
            blocks.add(ptx.block(i));
        }
        LmBatch p = LmBatch.of(blocks, null);
        Tensor ptxLoss = CausalLmLoss.of(model, p);
        Tensor total = Elementwise.add(sftLoss, Elementwise.mulScalar(ptxLoss, (float) ptxCoef));
        OptimizerStep.backward(total, scale);
        return new OptimizerStep.Loss(total.item(), tokens + (long) p.batch() * p.seqLen(),
                Metrics.of("loss/sft", sftLoss.item(), "loss/ptx", ptxLoss.item()));
    }

    @Override
    public Map<String, Double> validate() {
        Map<String, Double> out = Metrics.of();
        if (!validation.isEmpty()) {
            List<LmBatch> batches = new ArrayList<>();
            for (int from = 0; from < validation.size(); from += batchSize) {
                batches.add(batchOf(validation.subList(from, Math.min(validation.size(), from + batchSize))));
            }
            out.put("eval/loss", CausalLmLoss.mean(model, batches));
        }
        if (selection != null) {
            out.put("eval/rm_score", selection.meanScore(model));
        }
        return out;
    }
}
