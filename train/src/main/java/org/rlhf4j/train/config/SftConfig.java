package org.rlhf4j.train.config;

import java.util.List;

/**
 * {@code rlhf4j sft}: supervised fine-tuning on demonstrations. Defaults follow the paper where
 * they carry over (cosine decay to 10%, residual dropout 0.2).
 */
public final class SftConfig extends TrainingConfig {
    @Help(value = "Demonstrations JSONL: {\"prompt\", \"completion\"} or {\"messages\": [...]} lines.", label = "FILE")
    public String data;
    @Help(value = "Longest record in tokens; longer ones are errors (or skipped with --skip-bad-records).")
    public int maxLength = 512;
    @Help(value = "Pretraining text (.txt or {\"text\"} JSONL) mixed into every step.", label = "FILE")
    public List<String> ptxData = List.of();
    @Help(value = "Weight of the pretraining loss in the mix: loss = sft + ptx_coef * pretrain.")
    public double ptxCoef = 0.1;
    @Help(value = "Reward model that picks the final epoch by its mean score of greedy completions of held-out prompts "
            + "(the paper's rule); none: by eval/loss.", label = "DIR")
    public String rewardModel;
    @Help(value = "Held-out prompts scored for that choice.")
    public int selectionPrompts = 64;
    @Help(value = "Length of those completions in tokens.")
    public int selectionMaxNewTokens = 64;

    public SftConfig() {
        epochs = 2;
        residualDropout = 0.2f;
    }

    @Override
    public void validate() {
        super.validate();
        check(maxLength >= 2, "max_length", "must be at least 2", maxLength);
        check(ptxCoef >= 0, "ptx_coef", "must be >= 0", ptxCoef);
        check(selectionPrompts >= 1, "selection_prompts", "must be at least 1", selectionPrompts);
        check(selectionMaxNewTokens >= 1, "selection_max_new_tokens", "must be at least 1", selectionMaxNewTokens);
    }
}
