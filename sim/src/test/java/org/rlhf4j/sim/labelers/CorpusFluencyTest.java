package org.rlhf4j.sim.labelers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.rlhf4j.sim.prompts.Category;
import org.rlhf4j.sim.prompts.SimPrompt;
import org.rlhf4j.sim.world.Corpus;
import org.rlhf4j.sim.world.CorpusSentence;

class CorpusFluencyTest {
    private static final List<CorpusSentence> CORPUS = List.of(
            new CorpusSentence(Corpus.Source.NOVEL, 0, 0, "She was the youngest of the two daughters."),
            new CorpusSentence(Corpus.Source.NOVEL, 0, 1, "She was very happy in the country."),
            new CorpusSentence(Corpus.Source.SPEECH, 1, 0, "The country is strong and the people are free."));

    private static SimPrompt prompt(String reference) {
        return new SimPrompt("p-" + reference.hashCode(), "Say something.", Category.CHAT, "chat", List.of(), List.of(),
                List.of(), reference, false);
    }

    @Test
    void corpusLikeSentencesScoreAboveWordSaladAndMadeUpWords() {
        CorpusFluency fluency = new CorpusFluency(CORPUS,
                List.of(prompt("She was happy."), prompt("The people are strong."), prompt("She was the youngest.")));
        double plain = fluency.meanLogProb("She was very happy.");
        double salad = fluency.meanLogProb("happy very was she the the");
        double madeUp = fluency.meanLogProb("Shee wass verry hapy.");
        assertTrue(plain > salad && salad > madeUp, plain + " " + salad + " " + madeUp);
        // scores are in units of the references' spread, capped at -3 and +1
        assertTrue(fluency.score("", "She was very happy.") > fluency.score("", "Shee wass verry hapy."));
        assertEquals(-3.0, fluency.score("", "..."));
        // the bigram estimate by hand: "she" starts 2 of the 3 sentences; its unigram is (2 + 1) / (24 words + 17 distinct + 1)
        double unigramShe = (2 + 1.0) / (24 + 17 + 1.0);
        double expected = Math.log((2 + CorpusFluency.SMOOTHING * unigramShe) / (3 + CorpusFluency.SMOOTHING));
        assertEquals(expected, fluency.meanLogProb("She"), 1e-12);
    }
}
