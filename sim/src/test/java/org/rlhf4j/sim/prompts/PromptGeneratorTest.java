package org.rlhf4j.sim.prompts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rlhf4j.sim.judge.Measurement;
import org.rlhf4j.sim.judge.ResponseChecks;
import org.rlhf4j.sim.text.Words;
import org.rlhf4j.sim.world.World;

class PromptGeneratorTest {
    private static World world;
    private static List<SimPrompt> train;
    private static List<SimPrompt> validation;
    private static List<SimPrompt> test;

    @BeforeAll
    static void generate() {
        long start = System.nanoTime();
        world = World.standard();
        long loaded = System.nanoTime();
        PromptGenerator generator = new PromptGenerator(7, world);
        train = generator.split(Split.TRAIN, 3000);
        validation = generator.split(Split.VALIDATION, 800);
        test = generator.split(Split.TEST, 800);
        long generated = System.nanoTime();
        System.out.printf("world loaded in %d ms %s (lexicon %d words, %d corpus sentences); 4600 prompts in %d ms%n",
                (loaded - start) / 1_000_000, world.timings(), world.lexicon().size(), world.corpus().sentences().size(),
                (generated - loaded) / 1_000_000);
    }

    @Test
    void aFewHundredPromptsCoverEveryCategoryAndConstraint() {
        List<SimPrompt> few = train.subList(0, 400);
        Set<Category> categories = EnumSet.noneOf(Category.class);
        Set<Constraint> constraints = EnumSet.noneOf(Constraint.class);
        for (SimPrompt p : few) {
            categories.add(p.category());
            constraints.addAll(p.constraints());
        }
        assertEquals(EnumSet.allOf(Category.class), categories);
        assertEquals(EnumSet.allOf(Constraint.class), constraints);
    }

    @Test
    void theMixFollowsThePaperWithEnoughFactualQuestions() {
        Map<Category, Integer> counts = new EnumMap<>(Category.class);
        train.forEach(p -> counts.merge(p.category(), 1, Integer::sum));
        int generation = counts.get(Category.GENERATION);
        counts.forEach((c, n) -> assertTrue(n <= generation, c + " outnumbers generation: " + counts));
        long factual = train.stream().filter(SimPrompt::factual).count();
        assertTrue(factual > 0.15 * train.size(), "factual prompts: " + factual + " of " + train.size());
        long constrained = train.stream().filter(p -> !p.constraints().isEmpty()).count();
        assertTrue(constrained > 0.15 * train.size() && constrained < 0.35 * train.size(), "constrained: " + constrained);
    }

    @Test
    void everyReferenceIsCorrectFollowsTheInstructionAndKeepsItsConstraint() {
        ResponseChecks checks = ResponseChecks.standard();
        List<String> failures = new ArrayList<>();
        for (List<SimPrompt> split : List.of(train, validation, test)) {
            for (SimPrompt p : split) {
                Measurement m = checks.measure(p, p.reference());
                if (m.correctness() < 1 || !m.followsInstruction() || m.violatesConstraint() || m.hallucination()
                        || m.abstains()) {
                    failures.add(p + " -> " + m);
                }
            }
        }
        assertEquals(List.of(), failures.subList(0, Math.min(5, failures.size())), failures.size() + " references fail");
    }

    @Test
    void promptsAndReferencesAreShort() {
        for (SimPrompt p : train) {
            assertTrue(Words.count(p.prompt()) <= 45, p.prompt());
            assertTrue(Words.count(p.reference()) <= 30, p.reference());
        }
        double meanPromptWords = train.stream().mapToInt(p -> Words.count(p.prompt())).average().orElseThrow();
        assertTrue(meanPromptWords <= 20, "mean prompt words " + meanPromptWords);
    }

    @Test
    void splitsShareNoPromptAndNoQuotedPassage() {
        Map<String, Split> owner = new java.util.HashMap<>();
        for (Split split : Split.values()) {
            List<SimPrompt> prompts = switch (split) {
                case TRAIN -> train;
                case VALIDATION -> validation;
                case TEST -> test;
            };
            for (SimPrompt p : prompts) {
                for (String item : items(p)) {
                    Split before = owner.putIfAbsent(item, split);
                    assertTrue(before == null || before == split, item + " is in " + before + " and " + split);
                }
            }
        }
    }

    /** What a prompt is made of that must belong to one split: its text, its quoted passage, the word it asks about. */
    private static Set<String> items(SimPrompt p) {
        Set<String> out = new HashSet<>();
        out.add("prompt:" + p.prompt());
        int quote = p.prompt().indexOf('"');
        if (quote >= 0) {
            out.add("passage:" + p.prompt().substring(quote + 1, p.prompt().lastIndexOf('"')));
        }
        java.util.regex.Matcher word = java.util.regex.Pattern.compile("'([a-z]+)'").matcher(p.prompt());
        if (word.find() && !p.task().equals("replace-word") && !p.task().equals("female")) {
            out.add("word:" + word.group(1));
        }
        return out;
    }

    @Test
    void idsAreUniqueAcrossSplits() {
        Set<String> ids = new HashSet<>();
        for (List<SimPrompt> split : List.of(train, validation, test)) {
            split.forEach(p -> assertTrue(ids.add(p.id()), "duplicate id " + p.id()));
        }
    }

    @Test
    void theSameSeedGivesTheSamePromptsAndAnotherSeedOthers() {
        List<SimPrompt> again = new PromptGenerator(7, world).split(Split.TEST, 800);
        assertEquals(test, again);
        List<SimPrompt> other = new PromptGenerator(8, world).split(Split.TEST, 800);
        assertNotEquals(test.stream().map(SimPrompt::prompt).toList(), other.stream().map(SimPrompt::prompt).toList());
    }
}
