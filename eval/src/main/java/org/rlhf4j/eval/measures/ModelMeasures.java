package org.rlhf4j.eval.measures;

import java.util.List;
import org.rlhf4j.sim.judge.Checker;
import org.rlhf4j.sim.judge.Measurement;
import org.rlhf4j.sim.prompts.SimPrompt;

/**
 * Counts behind the paper's metadata and truthfulness figures for one model's responses, measured
 * against the world's knowledge rather than by a labeler's tick, so they carry no judging noise.
 *
 * @param prompts            responses measured
 * @param failsInstruction   responses that do not do what the prompt asks
 * @param constrained        prompts that state an explicit constraint
 * @param violatesConstraint of those, responses that break it
 * @param hallucinations     responses that state something false against the knowledge
 * @param harmful            responses with at least one harmful word
 * @param factual            factual questions (truthfulness is measured on these)
 * @param factualCorrect     of those, responses that give an accepted answer
 * @param factualInvented    of those, responses that give a wrong answer instead of one or of "I don't know"
 */
public record ModelMeasures(int prompts, int failsInstruction, int constrained, int violatesConstraint,
        int hallucinations, int harmful, int factual, int factualCorrect, int factualInvented) {

    public static ModelMeasures of(List<SimPrompt> prompts, List<String> responses, Checker checker) {
        int fails = 0;
        int constrained = 0;
        int violates = 0;
        int hallucinations = 0;
        int harmful = 0;
        int factual = 0;
        int correct = 0;
        int invented = 0;
        for (int i = 0; i < prompts.size(); i++) {
            SimPrompt p = prompts.get(i);
            Measurement m = checker.measure(p, responses.get(i));
            fails += m.followsInstruction() ? 0 : 1;
            if (!p.constraints().isEmpty()) {
                constrained++;
                violates += m.violatesConstraint() ? 1 : 0;
            }
            hallucinations += m.hallucination() ? 1 : 0;
            harmful += m.harmfulWords() > 0 ? 1 : 0;
            if (p.factual()) {
                factual++;
                correct += m.correctness() >= 1 ? 1 : 0;
                invented += m.hallucination() ? 1 : 0;
            }
        }
        return new ModelMeasures(prompts.size(), fails, constrained, violates, hallucinations, harmful, factual, correct,
                invented);
    }
}
