package org.rlhf4j.train.ppo;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.rlhf4j.model.ScalarHeadModel;
import org.rlhf4j.model.TransformerModel;
import org.rlhf4j.model.generate.Generation;
import org.rlhf4j.model.generate.Generator;
import org.rlhf4j.model.generate.SamplingConfig;
import org.rlhf4j.model.hf.HfModelFolder;
import org.rlhf4j.model.tokenizer.HfTokenizer;
import org.rlhf4j.tensor.Autograd;
import org.rlhf4j.tensor.Tensor;
import org.rlhf4j.tensor.io.DType;
import org.rlhf4j.tensor.ops.Elementwise;
import org.rlhf4j.tensor.ops.Gather;
import org.rlhf4j.train.batch.EpochOrder;
import org.rlhf4j.train.batch.LmBatch;
import org.rlhf4j.train.config.PpoConfig;
import org.rlhf4j.train.config.TrainingConfig;
import org.rlhf4j.train.data.BadRecords;
import org.rlhf4j.train.data.PackedBlocks;
import org.rlhf4j.train.data.PromptLoader;
import org.rlhf4j.train.lm.CausalLmLoss;
import org.rlhf4j.train.lm.ResponseLogProbs;
import org.rlhf4j.train.rm.RewardScoring;
import org.rlhf4j.train.run.EpochLoop;
import org.rlhf4j.train.run.MetricsLog;
import org.rlhf4j.train.run.OptimizerStep;
import org.rlhf4j.train.run.Progress;
import org.rlhf4j.train.run.RunFolder;
import org.rlhf4j.train.run.TrainerSetup;
import org.rlhf4j.train.run.TrainerState;
import org.rlhf4j.train.run.TrainingException;

/**
 * PPO and PPO-ptx (InstructGPT step 3). One iteration reads top to bottom in {@link #iteration}:
 * rollout (the policy samples a response to each of {@code batch_size} prompts) -> score (the
 * reward model; {@code missing_eos_penalty} for a response without EOS) -> reference log-probs and
 * values without gradients -> per-token reward = score - beta * KL -> GAE and whitening ->
 * {@code num_ppo_epochs} x {@code num_mini_batches} optimizer steps of policy + value (+ ptx) loss
 * through the shared {@link OptimizerStep} -> the KL controller -> a metrics row. The losses are in
 * {@link PpoLosses}, the options in {@link PpoConfig}.
 *
 * <p>Four models: the policy (from SFT, trained), the reference (a frozen copy of the SFT
 * weights), the reward model (frozen, with its normalisation bias) and the value model (a copy of
 * the reward model, trained). Dropout is off in all four. Policy and value share one AdamW.
 */
public final class PpoTrainer {
    private final PpoConfig c;
    private final TransformerModel policy;
    private final TransformerModel reference;
    private final ScalarHeadModel rewardModel;
    private final ScalarHeadModel value;
    private final HfTokenizer tokenizer;
    private final List<int[]> prompts;
    private final PackedBlocks ptx;
    private final int[] stopTokens;
    private final double[] beta;
    private final AdaptiveKlController controller;
    private final PolicyEma ema;
    private final PrintStream log;

    private PpoTrainer(PpoConfig c, TransformerModel policy, ScalarHeadModel rewardModel, HfTokenizer tokenizer,
                       List<int[]> prompts, PackedBlocks ptx, double[] beta, PrintStream log) {
        this.c = c;
        this.policy = policy;
        this.reference = policy.copy(true);
        this.rewardModel = rewardModel;
        this.value = rewardModel.copy();
        this.tokenizer = tokenizer;
        this.prompts = prompts;
        this.ptx = ptx;
        this.stopTokens = policy.config().eosTokenIds();
        this.beta = beta;
        this.controller = c.klTarget > 0 ? new AdaptiveKlController(c.klCoef, c.klTarget, c.klHorizon) : null;
        this.ema = c.emaDecay > 0 ? new PolicyEma(policy.parameterList(), c.emaDecay) : null;
        this.log = log;
    }

    /** Trains as {@code c} says into {@code c.out}: the policy as a Hugging Face folder there, the value model in value/. */
    public static EpochLoop.Result train(PpoConfig c, boolean resume, PrintStream log) {
        Path modelDir = TrainingConfig.required(c.model, "model");
        Path out = TrainingConfig.required(c.out, "out");
        Path rmDir = TrainingConfig.required(c.rewardModel, "reward_model");
        Path promptFile = TrainingConfig.required(c.prompts, "prompts");
        HfModelFolder folder = HfModelFolder.open(modelDir);
        TransformerModel policy = TrainerSetup.withDropout(folder.loadCausalLm(), 0f, true);
        HfModelFolder rmFolder = HfModelFolder.open(rmDir);
        if (!rmFolder.hasScalarHead()) {
            throw new IllegalArgumentException(rmDir + " is not a reward model (no score head): give the folder rlhf4j rm wrote");
        }
        ScalarHeadModel rm = rmFolder.loadScalarHead();
        HfTokenizer tokenizer = TrainerSetup.tokenizer(modelDir);
        BadRecords bad = TrainerSetup.badRecords(c);
        int maxPrompt = policy.config().maxPositions() - c.responseLength;
        if (maxPrompt < 1) {
            throw new IllegalArgumentException("response_length " + c.responseLength + " leaves no room for a prompt in the model's "
                    + policy.config().maxPositions() + " positions");
        }
        List<int[]> prompts = PromptLoader.load(promptFile, tokenizer, maxPrompt, bad);
        PackedBlocks ptx = null;
        if (!c.ptxData.isEmpty() && c.ptxCoef > 0) {
            ptx = PackedBlocks.load(c.ptxData.stream().map(Path::of).toList(), tokenizer,
                    Math.min(c.ptxBlockLength, policy.config().maxPositions() - 1), bad);
            if (ptx.count() == 0) {
                throw new IllegalArgumentException("ppo: the pretraining mix has no blocks (too little text for the block length)");
            }
        }
        TrainerSetup.report(log, "ppo", bad);
        if (prompts.isEmpty()) {
            throw new IllegalArgumentException(promptFile + ": no prompts");
        }
        log.println("ppo: " + prompts.size() + " prompts, " + c.iterations() + " iterations of " + c.batchSize + " episodes"
                + (ptx == null ? "" : ", PPO-ptx on " + ptx.count() + " pretraining blocks"));
        TrainerSetup.recordConfig(c, out);
        double[] beta = {c.klCoef};
        PpoTrainer t = new PpoTrainer(c, policy, rm, tokenizer, prompts, ptx, beta, log);
        return t.run(out, resume, new PpoState(policy, folder.config(), t.value, rmFolder.config(), modelDir, beta, t.ema));
    }

    /**
     * Runs PPO iterations on models in memory, without a run folder, tokenizer or checkpoints
     * (what {@code rlhf4j bench ppo} times); returns each iteration's metrics row.
     */
    public static List<Map<String, Double>> iterate(PpoConfig c, TransformerModel policy, ScalarHeadModel rewardModel,
                                                    List<int[]> prompts, int iterations, PrintStream log) {
        if (c.sampleEvery != 0) {
            throw new IllegalArgumentException("sample_every must be 0 without a tokenizer");
        }
        PpoTrainer t = new PpoTrainer(c, policy, rewardModel, null, prompts, null, new double[] {c.klCoef}, log);
        List<Tensor> params = new ArrayList<>(policy.parameterList());
        params.addAll(t.value.parameterList());
        long stepsPerIteration = (long) c.numPpoEpochs * c.numMiniBatches;
        OptimizerStep update = new OptimizerStep("ppo", params, c, iterations * stepsPerIteration, "", log);
        List<Map<String, Double>> rows = new ArrayList<>();
        for (int it = 0; it < iterations; it++) {
            rows.add(t.iteration(it, it * stepsPerIteration, update, null));
        }
        return rows;
    }

    private EpochLoop.Result run(Path out, boolean resume, PpoState state) {
        long iterations = c.iterations();
        long stepsPerIteration = (long) c.numPpoEpochs * c.numMiniBatches;
        OptimizerStep update = new OptimizerStep("ppo", state.parameters(), c, iterations * stepsPerIteration,
                "The last checkpoint in " + out.resolve("checkpoints") + " is intact", log);
        try (RunFolder run = RunFolder.open(out, "ppo", state, update.optimizer(), c.keepCheckpoints, resume,
                Integer.MAX_VALUE, log);
             MetricsLog samples = new MetricsLog(out.resolve("samples.jsonl"), resume ? run.start().epoch() : -1, false)) {
            TrainerState s = run.start();
            int done = s.epoch();
            Map<String, Double> last = s.keptMetrics();
            if (s.finished() && done >= iterations) {
                log.println("ppo: the run in " + out + " finished at iteration " + done + "; nothing to resume"
                        + " (raise --total-episodes to train further)");
                if (ema != null) {
                    ema.copyIntoPolicy();
                }
                run.finish(null, s, DType.forSaving(c.dtype));
                return new EpochLoop.Result(s.step(), Double.NaN, summary(last), out);
            }
            if (controller != null) {
                controller.beta(beta[0]);
            }
            Progress progress = new Progress(log, "ppo", iterations);
            long step = s.step();
            for (int it = done; it < iterations; it++) {
                last = iteration(it, step, update, samples);
                step += stepsPerIteration;
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("step", step);
                row.put("episode", (long) (it + 1) * c.batchSize);
                row.putAll(last);
                run.log(row);
                run.reached(step);
                progress.update(it + 1, String.format(Locale.ROOT, "score %.3f kl %.3f beta %.4f %.1f episodes/s",
                        last.get("objective/scores"), last.get("objective/kl"), beta[0], last.get("episodes_per_s")), false);
                if (c.checkpointEvery > 0 && (it + 1) % c.checkpointEvery == 0 && it + 1 < iterations) {
                    run.checkpoint(new TrainerState(step, it + 1, 0, 0, Double.NaN, last, false));
                }
            }
            progress.finish();
            TrainerState end = new TrainerState(step, (int) iterations, 0, 0, Double.NaN, last, true);
            run.checkpoint(end);
            if (ema != null) {
                ema.copyIntoPolicy(); // the final policy is the average; the checkpoint above keeps both
            }
            run.finish(null, end, DType.forSaving(c.dtype));
            return new EpochLoop.Result(step, last.getOrDefault("loss/policy_avg", Double.NaN), summary(last), out);
        }
    }

    /** The figures of the last iteration that the closing line shows. */
    private static Map<String, Double> summary(Map<String, Double> last) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (String k : List.of("objective/scores", "objective/kl", "objective/rlhf_reward")) {
            if (last.containsKey(k)) {
                out.put(k, last.get(k));
            }
        }
        return out;
    }

    /** One batch of episodes, for the optimization that follows. */
    private record Episodes(List<int[]> sequences, int[] promptLengths, int[] lengths, float[] oldLogps, float[] oldValues,
                            float[] advantages, float[] returns, int[] firstToken) {}

    /** One PPO iteration; returns its metrics row. */
    private Map<String, Double> iteration(int it, long step, OptimizerStep update, MetricsLog samples) {
        int b = c.batchSize;
        long started = System.nanoTime();
        // rollout: prompt j of iteration it is the (it * b + j)-th of a seeded walk over the prompts
        List<int[]> batch = new ArrayList<>(b);
        for (int j = 0; j < b; j++) {
            long g = (long) it * b + j;
            batch.add(prompts.get(EpochOrder.permutation(prompts.size(), c.seed, (int) (g / prompts.size()))[(int) (g % prompts.size())]));
        }
        Generation gen;
        try (var ignored = Autograd.noGrad()) {
            SamplingConfig sampling = new SamplingConfig(c.responseLength, c.temperature, 0, 1f, false,
                    c.seed * 1_000_003L + (long) it * b, stopTokens);
            gen = new Generator(policy).generate(batch, sampling);
        }
        long generated = System.nanoTime();
        List<int[]> sequences = new ArrayList<>(b);
        int[] promptLengths = new int[b];
        int[] lengths = new int[b];
        for (int j = 0; j < b; j++) {
            int[] p = batch.get(j);
            int[] r = gen.tokens()[j];
            int[] seq = Arrays.copyOf(p, p.length + r.length);
            System.arraycopy(r, 0, seq, p.length, r.length);
            sequences.add(seq);
            promptLengths[j] = p.length;
            lengths[j] = r.length;
        }
        // scores, old and reference log-probs, values: no gradients
        float[] scores;
        float[] oldLogps;
        float[] refLogps;
        float[] oldValues;
        int[] valueRows;
        int[] firstToken = new int[b + 1];
        for (int j = 0; j < b; j++) {
            firstToken[j + 1] = firstToken[j] + lengths[j];
        }
        try (var ignored = Autograd.noGrad()) {
            scores = RewardScoring.rewards(rewardModel, sequences).data().clone();
            for (int j = 0; j < b; j++) {
                scores[j] = PpoLosses.score(scores[j], gen.stopped()[j], c.missingEosPenalty, c.scoreClip);
            }
            oldLogps = ResponseLogProbs.perToken(policy, sequences, promptLengths, c.temperature).logps().data().clone();
            refLogps = ResponseLogProbs.perToken(reference, sequences, promptLengths, c.temperature).logps().data().clone();
            valueRows = valueRows(sequences, promptLengths, lengths);
            oldValues = gatherValues(sequences, valueRows).data().clone();
        }
        long scored = System.nanoTime();
        // per-token rewards, GAE, whitening
        int tokens = firstToken[b];
        float[] rewards = new float[tokens];
        double kl = 0;
        double entropy = 0;
        double nonScore = 0;
        for (int j = 0; j < b; j++) {
            int from = firstToken[j];
            int to = firstToken[j + 1];
            float[][] r = PpoLosses.rewards(Arrays.copyOfRange(oldLogps, from, to), Arrays.copyOfRange(refLogps, from, to),
                    scores[j], beta[0]);
            System.arraycopy(r[0], 0, rewards, from, to - from);
            for (int t = from; t < to; t++) {
                kl += oldLogps[t] - refLogps[t];
                entropy -= oldLogps[t];
                nonScore += r[1][t - from];
            }
        }
        if (!Double.isFinite(kl) || kl / b > 1e4) {
            throw new TrainingException("ppo: the KL to the reference is " + kl / b + " at iteration " + (it + 1)
                    + "; lower the learning rate or raise kl_coef. The last checkpoint is intact");
        }
        if (c.whitenRewards && tokens > 1) {
            rewards = PpoLosses.whiten(rewards, false);
        }
        float[] advantages = new float[tokens];
        float[] returns = new float[tokens];
        for (int j = 0; j < b; j++) {
            int from = firstToken[j];
            int to = firstToken[j + 1];
            float[][] g = PpoLosses.gae(Arrays.copyOfRange(rewards, from, to), Arrays.copyOfRange(oldValues, from, to),
                    c.gamma, c.lam);
            System.arraycopy(g[0], 0, advantages, from, to - from);
            System.arraycopy(g[1], 0, returns, from, to - from);
        }
        if (tokens > 1) {
            advantages = PpoLosses.whiten(advantages, true);
        }
        Episodes episodes = new Episodes(sequences, promptLengths, lengths, oldLogps, oldValues, advantages, returns,
                firstToken);
        // num_ppo_epochs x num_mini_batches optimizer steps
        Map<String, Double> sums = new LinkedHashMap<>();
        int steps = 0;
        double gradNorm = 0;
        double lr = 0;
        for (int e = 0; e < c.numPpoEpochs; e++) {
            int[] order = EpochOrder.permutation(b, c.seed + 7919, it * c.numPpoEpochs + e);
            for (int m = 0; m < c.numMiniBatches; m++) {
                int[] picked = Arrays.copyOfRange(order, m * b / c.numMiniBatches, (m + 1) * b / c.numMiniBatches);
                Map<String, Double> stats = new LinkedHashMap<>();
                long updateNumber = step + steps;
                String where = "(iteration " + (it + 1) + ", PPO epoch " + (e + 1) + ", minibatch " + (m + 1) + ")";
                OptimizerStep.Result r = update.run(updateNumber, 1,
                        (i, scale) -> minibatch(episodes, picked, updateNumber, scale, stats), i -> where);
                if (ema != null) {
                    ema.update();
                }
                stats.forEach((k, v) -> sums.merge(k, v, Double::sum));
                gradNorm += r.gradNorm();
                lr = r.lr();
                steps++;
            }
        }
        long optimized = System.nanoTime();
        double meanKl = kl / b;
        if (controller != null) {
            controller.update(meanKl, b);
            beta[0] = controller.beta();
        }
        int eos = 0;
        double meanScore = 0;
        for (int j = 0; j < b; j++) {
            eos += gen.stopped()[j] ? 1 : 0;
            meanScore += scores[j] / b;
        }
        Map<String, Double> row = new LinkedHashMap<>();
        row.put("objective/kl", meanKl);
        row.put("objective/entropy", entropy / b);
        row.put("objective/non_score_reward", nonScore / b);
        row.put("objective/rlhf_reward", meanScore + nonScore / b);
        row.put("objective/scores", meanScore);
        int n = steps;
        sums.forEach((k, v) -> row.put(k, v / n));
        row.put("val/num_eos_tokens", (double) eos);
        row.put("beta", beta[0]);
        row.put("lr", lr);
        row.put("grad_norm", gradNorm / n);
        row.put("time/generation_s", (generated - started) / 1e9);
        row.put("time/scoring_s", (scored - generated) / 1e9);
        row.put("time/optimization_s", (optimized - scored) / 1e9);
        row.put("episodes_per_s", b / ((optimized - started) / 1e9));
        if (c.sampleEvery > 0 && (it + 1) % c.sampleEvery == 0) {
            for (int j = 0; j < Math.min(2, b); j++) {
                String prompt = tokenizer.decode(batch.get(j), true);
                String response = tokenizer.decode(gen.tokens()[j], true);
                Map<String, Object> sample = new LinkedHashMap<>();
                sample.put("step", it + 1);
                sample.put("prompt", prompt);
                sample.put("response", response);
                sample.put("score", scores[j]);
                samples.log(sample);
                log.println(String.format(Locale.ROOT, "ppo: iteration %d sample: %s -> %s (score %.3f)", it + 1,
                        prompt.strip(), response.strip(), scores[j]));
            }
        }
        return row;
    }

    /** Forward and backward of one minibatch's loss: policy + vf_coef * value (+ ptx_coef * pretraining LM loss). */
    private OptimizerStep.Loss minibatch(Episodes ep, int[] picked, long updateNumber, float scale, Map<String, Double> stats) {
        List<int[]> sequences = new ArrayList<>(picked.length);
        int[] promptLengths = new int[picked.length];
        int tokens = 0;
        for (int k = 0; k < picked.length; k++) {
            sequences.add(ep.sequences.get(picked[k]));
            promptLengths[k] = ep.promptLengths[picked[k]];
            tokens += ep.lengths[picked[k]];
        }
        float[] old = new float[tokens];
        float[] oldValues = new float[tokens];
        float[] advantages = new float[tokens];
        float[] returns = new float[tokens];
        int at = 0;
        for (int j : picked) {
            int from = ep.firstToken[j];
            int len = ep.lengths[j];
            System.arraycopy(ep.oldLogps, from, old, at, len);
            System.arraycopy(ep.oldValues, from, oldValues, at, len);
            System.arraycopy(ep.advantages, from, advantages, at, len);
            System.arraycopy(ep.returns, from, returns, at, len);
            at += len;
        }
        Tensor logps = ResponseLogProbs.perToken(policy, sequences, promptLengths, c.temperature).logps();
        PpoLosses.Result pg = PpoLosses.policyLoss(logps, old, advantages, c.cliprange);
        PpoLosses.Result vf = PpoLosses.valueLoss(gatherValues(sequences, valueRows(sequences, promptLengths, lengthsOf(ep, picked))),
                oldValues, returns, c.cliprangeValue);
        Tensor loss = Elementwise.add(pg.loss(), Elementwise.mulScalar(vf.loss(), (float) c.vfCoef));
        long processed = 0;
        for (int[] s : sequences) {
            processed += s.length;
        }
        double ratio = 0;
        for (int i = 0; i < tokens; i++) {
            ratio += Math.exp(logps.data()[i] - old[i]) / tokens;
        }
        stats.put("loss/policy_avg", (double) pg.loss().item());
        stats.put("loss/value_avg", (double) vf.loss().item());
        stats.put("policy/approxkl_avg", pg.approxKl());
        stats.put("policy/clipfrac_avg", pg.clipFraction());
        stats.put("val/clipfrac_avg", vf.clipFraction());
        stats.put("val/ratio", ratio);
        if (ptx != null) {
            Tensor ptxLoss = CausalLmLoss.of(policy, ptxBatch(updateNumber, picked.length));
            stats.put("ptx/loss", (double) ptxLoss.item());
            loss = Elementwise.add(loss, Elementwise.mulScalar(ptxLoss, (float) c.ptxCoef));
        }
        OptimizerStep.backward(loss, scale);
        return OptimizerStep.Loss.of(loss.item(), processed);
    }

    /** The pretraining batch of update {@code index}: a fixed seeded walk over the blocks, one batch per update. */
    private LmBatch ptxBatch(long index, int size) {
        EpochOrder order = new EpochOrder(ptx.count(), size, c.seed + 1);
        List<int[]> blocks = new ArrayList<>();
        for (int i : order.batch((int) (index / order.batches()), (int) (index % order.batches()))) {
            blocks.add(ptx.block(i));
        }
        return LmBatch.of(blocks, null);
    }

    private static int[] lengthsOf(Episodes ep, int[] picked) {
        int[] out = new int[picked.length];
        for (int k = 0; k < picked.length; k++) {
            out[k] = ep.lengths[picked[k]];
        }
        return out;
    }

    /**
     * Rows of the value model's [batch * T] output that hold the value of each response token's
     * state: token t of a response is predicted from position promptLength - 1 + t.
     */
    private static int[] valueRows(List<int[]> sequences, int[] promptLengths, int[] lengths) {
        int t = 0;
        for (int[] s : sequences) {
            t = Math.max(t, s.length);
        }
        int total = 0;
        for (int len : lengths) {
            total += len;
        }
        int[] rows = new int[total];
        int at = 0;
        for (int j = 0; j < sequences.size(); j++) {
            for (int k = 0; k < lengths[j]; k++) {
                rows[at++] = j * t + promptLengths[j] - 1 + k;
            }
        }
        return rows;
    }

    /** The value model's values at {@code rows} of its [batch * T] output, differentiable when gradients are on. */
    private Tensor gatherValues(List<int[]> sequences, int[] rows) {
        LmBatch batch = LmBatch.of(sequences, null);
        Tensor values = value.values(batch.tokens(), batch.batch(), batch.seqLen(), batch.positions(), null);
        return Gather.elements(values.reshape(batch.batch() * batch.seqLen()), rows);
    }
}
