package org.rlhf4j.train.config;

import java.util.List;

/**
 * {@code rlhf4j ppo}: the policy (from SFT) optimized against a reward model with PPO, a per-token
 * KL penalty to the frozen SFT model and a value model initialised from the reward model; with
 * {@code ptx_data}, PPO-ptx. Option names follow TRL's PPOConfig where one exists; defaults follow
 * the paper (beta 0.02, clip 0.2, temperature 1, one PPO epoch over minibatches of an eighth of
 * the batch, constant learning rate after warmup, ptx coefficient 27.8) at a smaller batch.
 * {@code batch_size} is the number of episodes (prompts) per iteration; {@code epochs},
 * {@code validation_fraction}, {@code residual_dropout} do not apply (dropout is off in all models).
 */
public final class PpoConfig extends TrainingConfig {
    @Help(value = "Reward model folder (rlhf4j rm's output, with its normalisation bias); the value model starts as a copy.",
            label = "DIR")
    public String rewardModel;
    @Help(value = "Prompts JSONL: {\"prompt\": ...} or {\"messages\": [...]} (the response is the next assistant turn).",
            label = "FILE")
    public String prompts;
    @Help(value = "Episodes in all (rounded up to whole iterations of batch_size).")
    public long totalEpisodes = 6400;
    @Help(value = "Most tokens sampled per response; a response without EOS by then gets missing_eos_penalty as its score.")
    public int responseLength = 53;
    @Help(value = "Sampling temperature; log-probs are taken at the same temperature.", label = "T")
    public float temperature = 1f;
    @Help(value = "KL coefficient beta of the per-token penalty (the initial one when kl_target is set).")
    public double klCoef = 0.02;
    @Help(value = "Target KL (nats per response) of the adaptive controller; 0: beta stays kl_coef.")
    public double klTarget = 0;
    @Help(value = "Horizon (episodes) of the adaptive controller.")
    public double klHorizon = 10000;
    @Help(value = "Clip range of the policy ratio.")
    public double cliprange = 0.2;
    @Help(value = "Clip range of the value update.")
    public double cliprangeValue = 0.2;
    @Help(value = "Weight of the value loss.")
    public double vfCoef = 0.1;
    @Help(value = "Discount of GAE.")
    public double gamma = 1.0;
    @Help(value = "Lambda of GAE.")
    public double lam = 0.95;
    @Help(value = "Passes of PPO over each iteration's episodes.")
    public int numPpoEpochs = 1;
    @Help(value = "Minibatches each pass is split into (one optimizer step each).")
    public int numMiniBatches = 8;
    @Help(value = "Whiten the per-token rewards (keeping their mean) before GAE.")
    public boolean whitenRewards = false;
    @Help(value = "Score of a response that has no EOS within response_length.")
    public double missingEosPenalty = -1.0;
    @Help(value = "Clip reward-model scores to [-score_clip, score_clip]; 0: no clipping.")
    public double scoreClip = 0;
    @Help(value = "Exponential moving average of the policy weights, saved as the final policy (the paper: 0.992); 0: off.")
    public double emaDecay = 0;
    @Help(value = "Pretraining text (.txt or {\"text\"} JSONL) for PPO-ptx; each optimizer step adds ptx_coef times its LM loss.",
            label = "FILE")
    public List<String> ptxData = List.of();
    @Help(value = "PPO-ptx coefficient gamma (the paper: 27.8); 0: plain PPO.")
    public double ptxCoef = 27.8;
    @Help(value = "Tokens per pretraining block of the ptx mix.")
    public int ptxBlockLength = 128;
    @Help(value = "Print and keep in samples.jsonl a few responses every this many iterations; 0: never.")
    public int sampleEvery = 10;

    public PpoConfig() {
        batchSize = 64;
        learningRate = 1e-5;
        lrSchedulerType = "constant_with_warmup";
        warmupSteps = 10;
        maxGradNorm = 1.0;
        checkpointEvery = 10;
        validationFraction = 0;
        adamEpsilon = 1e-5;
    }

    @Override
    public void validate() {
        super.validate();
        check(totalEpisodes >= 1, "total_episodes", "must be at least 1", totalEpisodes);
        check(responseLength >= 1, "response_length", "must be at least 1", responseLength);
        check(temperature > 0, "temperature", "must be > 0", temperature);
        check(klCoef >= 0, "kl_coef", "must be >= 0", klCoef);
        check(klTarget >= 0, "kl_target", "must be >= 0", klTarget);
        check(klTarget == 0 || klCoef > 0, "kl_coef", "must be > 0 when kl_target is set", klCoef);
        check(klHorizon > 0, "kl_horizon", "must be > 0", klHorizon);
        check(cliprange > 0, "cliprange", "must be > 0", cliprange);
        check(cliprangeValue > 0, "cliprange_value", "must be > 0", cliprangeValue);
        check(vfCoef >= 0, "vf_coef", "must be >= 0", vfCoef);
        check(gamma >= 0 && gamma <= 1, "gamma", "must be in [0, 1]", gamma);
        check(lam >= 0 && lam <= 1, "lam", "must be in [0, 1]", lam);
        check(numPpoEpochs >= 1, "num_ppo_epochs", "must be at least 1", numPpoEpochs);
        check(numMiniBatches >= 1 && numMiniBatches <= batchSize, "num_mini_batches", "must be in [1, batch_size]",
                numMiniBatches);
        check(ptxCoef >= 0, "ptx_coef", "must be >= 0", ptxCoef);
        check(ptxBlockLength >= 2, "ptx_block_length", "must be at least 2", ptxBlockLength);
        check(scoreClip >= 0, "score_clip", "must be >= 0", scoreClip);
        check(emaDecay >= 0 && emaDecay < 1, "ema_decay", "must be in [0, 1)", emaDecay);
        check(sampleEvery >= 0, "sample_every", "must be >= 0", sampleEvery);
    }

    /** Iterations of batch_size episodes. */
    public long iterations() {
        return (totalEpisodes + batchSize - 1) / batchSize;
    }
}
