package org.rlhf4j.train.config;

import org.rlhf4j.train.dpo.DpoLoss;

/**
 * {@code rlhf4j dpo}: direct preference optimization on the comparisons {@code rm} reads, from an
 * SFT model, with no reward model and no sampling. Defaults follow TRL's DPOConfig (beta 0.1,
 * learning rate 1e-6, dropout off).
 */
public final class DpoConfig extends TrainingConfig {
    @Help(value = "Comparisons JSONL: {\"prompt\", \"chosen\", \"rejected\"} or {\"prompt\", \"responses\", \"ranking\"}.",
            label = "FILE")
    public String data;
    @Help(value = "Longest prompt + response in tokens.")
    public int maxLength = 512;
    @Help(value = "How far the policy may move from the reference: the implicit reward is beta * (log pi - log pi_ref).")
    public double beta = 0.1;
    @Help(value = "Loss: sigmoid (DPO) or ipo (IPO).", label = "NAME")
    public String lossType = "sigmoid";
    @Help(value = "Label smoothing of the sigmoid loss (conservative DPO): the share of labels assumed flipped.", label = "EPS")
    public double labelSmoothing = 0.0;

    public DpoConfig() {
        learningRate = 1e-6;
    }

    @Override
    public void validate() {
        super.validate();
        check(maxLength >= 2, "max_length", "must be at least 2", maxLength);
        check(beta > 0 && Double.isFinite(beta), "beta", "must be a positive number", beta);
        check(DpoLoss.TYPES.contains(lossType), "loss_type", "must be one of " + DpoLoss.TYPES, lossType);
        check(labelSmoothing >= 0 && labelSmoothing < 0.5, "label_smoothing", "must be in [0, 0.5)", labelSmoothing);
        check(labelSmoothing == 0 || lossType.equals("sigmoid"), "label_smoothing", "applies to loss_type sigmoid only",
                labelSmoothing);
    }
}
