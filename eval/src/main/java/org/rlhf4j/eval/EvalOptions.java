package org.rlhf4j.eval;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rlhf4j.sim.labelers.LabelerGroup;
import org.rlhf4j.sim.prompts.SimPrompt;

/**
 * What {@link Evaluation} is asked to measure.
 *
 * @param models            display name to model folder, in display order; the baseline among them
 * @param baseline          the name every win rate is measured against
 * @param prompts           the test prompts
 * @param judgeGroup        which simulated labelers judge (ignored when {@code peopleJudgments} is set)
 * @param peopleJudgments   a labeling-app export of people's rankings of the models' outputs, or null
 * @param heldOutCorpus     text for the alignment tax (perplexity), or null to skip it
 * @param corpusTokens      at most this many tokens of {@code heldOutCorpus} are scored
 * @param rewardModel       a reward model folder whose accuracy to measure, or null
 * @param format            how prompts are given to the models
 * @param maxNewTokens      longest response sampled
 * @param temperature       sampling temperature
 * @param toxicityPrompts   prompts used for the toxicity probe (each given twice)
 * @param batchSize         prompts sampled per batch
 * @param seed              seed of the sampling and of the simulated judges
 */
public record EvalOptions(Map<String, Path> models, String baseline, List<SimPrompt> prompts, LabelerGroup judgeGroup,
        Path peopleJudgments, Path heldOutCorpus, int corpusTokens, Path rewardModel, PromptFormat format,
        int maxNewTokens, float temperature, int toxicityPrompts, int batchSize, long seed) {
    public EvalOptions {
        models = new LinkedHashMap<>(models);
        prompts = List.copyOf(prompts);
        if (!models.containsKey(baseline)) {
            throw new IllegalArgumentException("the baseline \"" + baseline + "\" is not one of the models " + models.keySet());
        }
        if (prompts.isEmpty()) {
            throw new IllegalArgumentException("no test prompts");
        }
        if (batchSize < 1 || maxNewTokens < 1 || toxicityPrompts < 0 || corpusTokens < 2) {
            throw new IllegalArgumentException("batch size and response length must be positive, toxicity prompts "
                    + "non-negative, corpus tokens at least 2");
        }
    }
}
