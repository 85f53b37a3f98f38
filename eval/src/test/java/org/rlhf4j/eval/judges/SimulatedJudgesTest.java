package org.rlhf4j.eval.judges;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rlhf4j.eval.stats.WinRate;
import org.rlhf4j.sim.judge.ResponseChecks;
import org.rlhf4j.sim.labelers.Fluency;
import org.rlhf4j.sim.labelers.LabelerPanel;
import org.rlhf4j.sim.prompts.PromptGenerator;
import org.rlhf4j.sim.prompts.SimPrompt;
import org.rlhf4j.sim.prompts.Split;

/** Held-out simulated judges on the world's test prompts, with the world's checks. */
class SimulatedJudgesTest {
    private static final List<SimPrompt> PROMPTS = new PromptGenerator(11).split(Split.TEST, 150);

    private static SimulatedJudges judges() {
        return new SimulatedJudges(LabelerPanel.create(5).heldOut(), ResponseChecks.standard()::measure, Fluency.NONE, 3);
    }

    @Test
    void aModelThatCopiesGoldAnswersBeatsOneThatAnswersAnotherQuestion() {
        List<String> gold = PROMPTS.stream().map(SimPrompt::reference).toList();
        // "Random": each prompt gets the reference of a prompt 37 places on, a fluent answer to another question.
        List<String> random = new ArrayList<>();
        for (int i = 0; i < PROMPTS.size(); i++) {
            random.add(PROMPTS.get((i + 37) % PROMPTS.size()).reference());
        }
        WinRate win = WinRate.ofClusters(judges().versusBaseline("gold", PROMPTS, gold, random));
        assertTrue(win.rate() > 0.85, "gold wins " + win.rate());
        assertTrue(win.ci().lo() > 0.5, "interval " + win.ci());
        WinRate loss = WinRate.ofClusters(judges().versusBaseline("random", PROMPTS, random, gold));
        assertTrue(loss.ci().hi() < 0.5, "interval " + loss.ci());
    }

    @Test
    void aModelAgainstItselfIsATieAtFiftyPercent() {
        List<String> gold = PROMPTS.stream().map(SimPrompt::reference).toList();
        WinRate self = WinRate.ofClusters(judges().versusBaseline("gold", PROMPTS, gold, gold));
        assertEquals(0.5, self.rate());
        assertTrue(self.ci().contains(0.5));
        assertEquals(PROMPTS.size() * 5, self.comparisons());
    }

    @Test
    void likertRatesGoldAnswersAboveOthers() {
        List<String> gold = PROMPTS.stream().map(SimPrompt::reference).toList();
        List<String> empty = PROMPTS.stream().map(p -> "Hmm.").toList();
        double goldMean = judges().likert("gold", PROMPTS, gold).stream().flatMapToDouble(java.util.Arrays::stream)
                .average().orElseThrow();
        double emptyMean = judges().likert("hmm", PROMPTS, empty).stream().flatMapToDouble(java.util.Arrays::stream)
                .average().orElseThrow();
        assertTrue(goldMean > emptyMean + 2, goldMean + " vs " + emptyMean);
    }
}
