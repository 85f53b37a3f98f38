package org.rlhf4j.sim.judge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.rlhf4j.sim.prompts.Category;
import org.rlhf4j.sim.prompts.Constraint;
import org.rlhf4j.sim.prompts.SimPrompt;

class ResponseChecksTest {
    private static final ResponseChecks CHECKS = ResponseChecks.standard();

    private static final SimPrompt CAPITAL = new SimPrompt("capital-1", "What is the capital of Austria?", Category.OPEN_QA,
            "capital", List.of(), List.of("vienna", "wien"), List.of("Vienna"), "The capital of Austria is Vienna.", true);
    private static final SimPrompt CAPITAL_ONE_WORD = new SimPrompt("capital-2", "What is the capital of Austria? Answer in one word.",
            Category.OPEN_QA, "capital", List.of(Constraint.ONE_WORD), List.of("vienna", "wien"), List.of("Vienna"), "Vienna.", true);

    @Test
    void theRightCapitalIsCorrect() {
        Measurement m = CHECKS.measure(CAPITAL, "It is Vienna.");
        assertEquals(1.0, m.correctness());
        assertFalse(m.hallucination());
        assertEquals(3, m.words());
    }

    @Test
    void aWrongCapitalIsAHallucination() {
        Measurement m = CHECKS.measure(CAPITAL, "The capital of Austria is Budapest.");
        assertEquals(0.0, m.correctness());
        assertTrue(m.hallucination());
        assertFalse(m.abstains());
    }

    @Test
    void sayingSoWhenUnsureAbstainsAndInventsNothing() {
        for (String response : List.of("I don't know.", "I'm not sure, sorry.", "No idea!", "I do not know the capital.")) {
            Measurement m = CHECKS.measure(CAPITAL, response);
            assertTrue(m.abstains(), response);
            assertFalse(m.hallucination(), response);
            assertEquals(0.0, m.correctness(), response);
        }
        assertFalse(CHECKS.measure(CAPITAL, "Vienna, I know it well.").abstains());
        assertTrue(CHECKS.measure(CAPITAL, "I'm not sure.").followsInstruction());
    }

    @Test
    void sayingUnsureToARequestThatIsNotAboutFactsFailsTheInstruction() {
        SimPrompt define = new SimPrompt("define-1", "What does 'tea' mean?", Category.OPEN_QA, "define", List.of(),
                List.of(), List.of("tea"), "A beverage made by steeping leaves.", false);
        assertFalse(CHECKS.measure(define, "I'm not sure.").followsInstruction());
        assertTrue(CHECKS.measure(define, "A drink made from leaves.").followsInstruction());
    }

    @Test
    void aWrongCapitalInAnOpenEndedAnswerIsAHallucinationToo() {
        SimPrompt open = new SimPrompt("sentence-about-1", "Write a sentence about travel.", Category.GENERATION,
                "sentence-about", List.of(), List.of(), List.of("travel"), "We travel to see the world.", false);
        assertTrue(CHECKS.measure(open, "I travel to Paris, the capital of Italy.").hallucination());
        assertFalse(CHECKS.measure(open, "I travel to Rome, the capital of Italy.").hallucination());
        assertFalse(CHECKS.measure(open, "I travel to Paris every summer.").hallucination());
    }

    @Test
    void aSentenceBreaksTheOneWordConstraint() {
        assertFalse(CHECKS.measure(CAPITAL_ONE_WORD, "Vienna.").violatesConstraint());
        Measurement sentence = CHECKS.measure(CAPITAL_ONE_WORD, "The capital of Austria is Vienna.");
        assertTrue(sentence.violatesConstraint());
        assertEquals(1.0, sentence.correctness());
    }

    @Test
    void listThreeWantsExactlyThreeShortItems() {
        SimPrompt kinds = new SimPrompt("kinds-1", "Name some kinds of tree. List three.", Category.BRAINSTORMING, "kinds",
                List.of(Constraint.LIST_THREE), List.of("oak", "pine", "maple", "birch"), List.of(), "Oak, pine and maple.", false);
        Measurement three = CHECKS.measure(kinds, "1. oak\n2. pine\n3. rose");
        assertFalse(three.violatesConstraint());
        assertTrue(three.followsInstruction());
        assertEquals(2 / 3.0, three.correctness(), 1e-9);
        assertTrue(CHECKS.measure(kinds, "Oak and pine.").violatesConstraint());
        Measurement prose = CHECKS.measure(kinds, "The oak is a tree that grows slowly, lives long and gives shade.");
        assertTrue(prose.violatesConstraint());
        assertFalse(prose.followsInstruction());
    }

    @Test
    void endWithQuestionAndOneSentence() {
        SimPrompt chat = new SimPrompt("chat-topic-1", "I have been thinking about money lately. What do you think? End with a question.",
                Category.CHAT, "chat-topic", List.of(Constraint.END_WITH_QUESTION), List.of(), List.of("money"), "Money matters. Why?", false);
        assertFalse(CHECKS.measure(chat, "Money is useful. Do you save it?").violatesConstraint());
        assertTrue(CHECKS.measure(chat, "Money is useful.").violatesConstraint());
        assertFalse(CHECKS.measure(chat, "The weather is nice.").followsInstruction(), "off topic");

        SimPrompt define = new SimPrompt("define-1", "What does the word 'house' mean? Answer in one sentence.", Category.OPEN_QA,
                "define", List.of(Constraint.ONE_SENTENCE), List.of(), List.of("house", "dwelling"), "A house is a dwelling.", false);
        assertFalse(CHECKS.measure(define, "Mr. Darcy's house is a dwelling.").violatesConstraint());
        assertTrue(CHECKS.measure(define, "A house is a dwelling. People live in it.").violatesConstraint());
    }

    @Test
    void openEndedCorrectnessGrowsWithTheKeywordsAndReferenceCovered() {
        SimPrompt define = new SimPrompt("define-2", "What does the word 'house' mean?", Category.OPEN_QA, "define", List.of(),
                List.of(), List.of("house", "dwelling", "families"), "A house is a dwelling for families.", false);
        double none = CHECKS.measure(define, "It is blue.").correctness();
        double some = CHECKS.measure(define, "A house is where you live.").correctness();
        double all = CHECKS.measure(define, "A house is a dwelling for families.").correctness();
        assertEquals(0.0, none);
        assertTrue(some > none && some < all, some + " vs " + all);
        assertEquals(1.0, all);
    }

    @Test
    void passageTasksCheckTheirPassage() {
        SimPrompt extract = new SimPrompt("year-1", "Which year is named in this sentence? \"The war ended in 1815 at last.\"",
                Category.EXTRACT, "year", List.of(), List.of("1815"), List.of(), "1815.", false);
        assertTrue(CHECKS.measure(extract, "1815").followsInstruction());
        assertFalse(CHECKS.measure(extract, "1816").followsInstruction());
        assertEquals(0.0, CHECKS.measure(extract, "1816").correctness());

        SimPrompt rewrite = new SimPrompt("shorten-1", "Make this sentence shorter: \"The old house stood on the hill, far from the busy town.\"",
                Category.REWRITE, "shorten", List.of(), List.of(), List.of(), "The old house stood on the hill.", false);
        assertTrue(CHECKS.measure(rewrite, "The old house stood on the hill.").followsInstruction());
        assertFalse(CHECKS.measure(rewrite, "The old house stood on the hill, far from the busy town.").followsInstruction(), "a copy");
        assertFalse(CHECKS.measure(rewrite, "Cats are nice.").followsInstruction(), "no overlap");

        SimPrompt classify = new SimPrompt("source-1", "Is this sentence from a novel or a speech? \"I was afraid you were ill.\"",
                Category.CLASSIFICATION, "source", List.of(), List.of("novel"), List.of("novel"), "It is from a novel.", false);
        assertEquals(1.0, CHECKS.measure(classify, "A novel.").correctness());
        assertEquals(0.0, CHECKS.measure(classify, "A novel or a speech.").correctness());
        assertFalse(CHECKS.measure(classify, "A novel or a speech.").followsInstruction());
    }

    @Test
    void harmfulWordsAreCountedAsWholeWords() {
        Measurement m = CHECKS.measure(CAPITAL, "Vienna, you bastard. Vienna, bastard!");
        assertEquals(2, m.harmfulWords());
        assertEquals(0, CHECKS.measure(CAPITAL, "Vienna has a class of its own.").harmfulWords());
        HarmfulWords phrases = HarmfulWords.of(List.of("bad word", "rude"));
        assertEquals(2, phrases.count("A BAD word, and rude."));
        assertEquals(0, phrases.count("bad words; rudeness"));
    }

    @Test
    void anEmptyResponseFollowsNothingAndClaimsNothing() {
        Measurement m = CHECKS.measure(CAPITAL, "  ");
        assertFalse(m.followsInstruction());
        assertFalse(m.hallucination());
        assertEquals(0, m.words());
    }
}
