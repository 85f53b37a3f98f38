package org.rlhf4j.sim.world;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.rlhf4j.sim.text.Sentences;
import org.rlhf4j.sim.text.Words;

class SentencesAndCorpusTest {
    @Test
    void sentencesEndAtMarksButNotAfterTitles() {
        assertEquals(List.of("Mr. Knightley came in.", "Was Emma there?", "Yes!"),
                Sentences.split("Mr. Knightley came in. Was Emma there? Yes!"));
        assertEquals(List.of("no end mark"), Sentences.split("no end mark"));
    }

    @Test
    void wordsAreLowerCaseAndStemsMatchPlurals() {
        assertEquals(List.of("don't", "well-known", "1815", "liberties"), Words.tokens("Don't... well-known 1815, LIBERTIES!"));
        assertEquals(Words.stem("liberty"), Words.stem("liberties"));
        assertEquals(Words.stem("govern"), Words.stem("governed"));
    }

    @Test
    void theCorpusGivesCleanShortSentencesFromBothSources() {
        Corpus corpus = World.standard().corpus();
        assertTrue(corpus.sentences().size() > 20_000, "sentences: " + corpus.sentences().size());
        for (CorpusSentence s : corpus.sentences()) {
            int words = Words.count(s.text());
            assertTrue(words >= Corpus.MIN_WORDS && words <= Corpus.MAX_WORDS && !s.text().contains("\""), s.text());
        }
        assertTrue(corpus.sentences().stream().anyMatch(s -> s.source() == Corpus.Source.NOVEL));
        assertTrue(corpus.sentences().stream().anyMatch(s -> s.source() == Corpus.Source.SPEECH));
        assertTrue(corpus.count("elizabeth") > 500 && corpus.count("congress") > 1000);
    }
}
