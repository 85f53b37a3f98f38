package org.rlhf4j.sim.judge;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.rlhf4j.sim.prompts.Category;
import org.rlhf4j.sim.prompts.ClassificationLabels;
import org.rlhf4j.sim.prompts.Constraint;
import org.rlhf4j.sim.prompts.SimPrompt;
import org.rlhf4j.sim.text.Abstention;
import org.rlhf4j.sim.text.Sentences;
import org.rlhf4j.sim.text.Words;
import org.rlhf4j.sim.world.FactTables;

/**
 * Measures a response to a simulated prompt against the world's knowledge: correctness, whether it
 * does what the category asks, the prompt's explicit constraints, hallucination, abstention,
 * harmful words. Pure and quick (an evaluation calls it thousands of times); thread-safe.
 */
public final class ResponseChecks {
    /** Reference content words that, when all present, earn full marks on an open-ended prompt. */
    static final int REFERENCE_WORDS_FOR_FULL_MARKS = 5;
    /** Fewest words of a piece of generated writing. */
    static final int MIN_GENERATION_WORDS = 4;

    private final HarmfulWords harmfulWords;
    private final FactClaims factClaims;

    public ResponseChecks(HarmfulWords harmfulWords, FactTables facts) {
        this.harmfulWords = harmfulWords;
        this.factClaims = new FactClaims(facts);
    }

    /** Checks with the data shipped in the jar. */
    public static ResponseChecks standard() {
        return new ResponseChecks(HarmfulWords.load(), FactTables.load());
    }

    public Measurement measure(SimPrompt prompt, String response) {
        List<String> tokens = Words.tokens(response);
        Set<String> stems = new HashSet<>(Words.contentStems(response));
        boolean abstains = Abstention.abstains(response);
        double correctness = correctness(prompt, response, tokens, stems);
        boolean hallucination;
        if (prompt.factual() && !prompt.answers().isEmpty()) {
            hallucination = correctness < 1 && !abstains && !tokens.isEmpty();
        } else {
            hallucination = factClaims.wrongCapital(response);
        }
        return new Measurement(correctness, followsInstruction(prompt, response, tokens, stems, abstains),
                violatesConstraint(prompt, response, tokens), hallucination, abstains, harmfulWords.count(tokens),
                tokens.size());
    }

    // --- correctness

    private static double correctness(SimPrompt p, String response, List<String> tokens, Set<String> stems) {
        if (p.answers().isEmpty()) {
            double reference = referenceRecall(p.reference(), stems);
            if (p.keywords().isEmpty()) {
                return reference;
            }
            return 0.5 * keywordRecall(p.keywords(), stems) + 0.5 * reference;
        }
        if (p.category() == Category.BRAINSTORMING) {
            Set<String> distinct = new HashSet<>();
            for (String item : ListItems.items(response)) {
                List<String> itemTokens = Words.tokens(item);
                p.answers().stream().filter(a -> Words.indexOf(itemTokens, Words.tokens(a)) >= 0).findFirst()
                        .ifPresent(distinct::add);
            }
            return Math.min(1.0, distinct.size() / 3.0);
        }
        List<String> labels = ClassificationLabels.of(p.task());
        if (!labels.isEmpty()) {
            List<String> named = labels.stream().filter(tokens::contains).toList();
            return named.size() == 1 && p.answers().contains(named.getFirst()) ? 1 : 0;
        }
        return mentionsAnswer(p.answers(), tokens) ? 1 : 0;
    }

    private static boolean mentionsAnswer(List<String> answers, List<String> tokens) {
        for (String a : answers) {
            if (Words.indexOf(tokens, Words.tokens(a)) >= 0) {
                return true;
            }
        }
        return false;
    }

    private static double keywordRecall(List<String> keywords, Set<String> stems) {
        return Words.recall(keywords.stream().map(Words::stem).distinct().toList(), stems);
    }

    /** The share of the reference's content words present, full marks from a handful of them. */
    private static double referenceRecall(String reference, Set<String> stems) {
        Set<String> wanted = Words.contentStems(reference);
        if (wanted.isEmpty()) {
            return 1;
        }
        long found = wanted.stream().filter(stems::contains).count();
        return Math.min(1.0, (double) found / Math.min(wanted.size(), REFERENCE_WORDS_FOR_FULL_MARKS));
    }

    // --- the instruction

    private static boolean followsInstruction(SimPrompt p, String response, List<String> tokens, Set<String> stems,
            boolean abstains) {
        if (tokens.isEmpty()) {
            return false;
        }
        String passage = PromptPassage.of(p.prompt());
        Set<String> passageStems = Words.contentStems(passage);
        // "I'm not sure" answers a question of fact honestly; to any other request it is a refusal to
        // do the task (and the cheapest answer a policy can learn, so judges must see it as such).
        if (abstains && !p.factual()) {
            return false;
        }
        return switch (p.category()) {
            case OPEN_QA -> true;
            case BRAINSTORMING -> ListItems.isList(ListItems.items(response));
            case CHAT -> onTopic(p, stems);
            case GENERATION -> tokens.size() >= MIN_GENERATION_WORDS && onTopic(p, stems);
            case SUMMARIZATION -> tokens.size() < Words.count(passage) && shared(stems, passageStems) >= 1;
            case REWRITE -> {
                boolean overlapping = shared(stems, passageStems) >= 2 && shared(stems, passageStems) >= 0.5 * stems.size();
                boolean copy = tokens.equals(Words.tokens(passage));
                boolean shorterIfAsked = !p.task().equals("shorten") || tokens.size() < Words.count(passage);
                yield overlapping && !copy && shorterIfAsked;
            }
            case CLASSIFICATION -> ClassificationLabels.of(p.task()).stream().filter(tokens::contains).count() == 1;
            case EXTRACT -> Words.indexOf(Words.tokens(passage), tokens) >= 0;
            case CLOSED_QA -> abstains || passageStems.containsAll(stems);
        };
    }

    /** On topic: mentions one of the prompt's keywords (any response is, when it has none). */
    private static boolean onTopic(SimPrompt p, Set<String> stems) {
        return p.keywords().isEmpty() || p.keywords().stream().map(Words::stem).anyMatch(stems::contains);
    }

    private static long shared(Set<String> a, Set<String> b) {
        return a.stream().filter(b::contains).count();
    }

    // --- explicit constraints

    private static boolean violatesConstraint(SimPrompt p, String response, List<String> tokens) {
        for (Constraint c : p.constraints()) {
            boolean kept = switch (c) {
                case ONE_WORD -> tokens.size() == 1;
                case LIST_THREE -> {
                    List<String> items = ListItems.items(response);
                    yield items.size() == 3 && ListItems.isList(items);
                }
                case END_WITH_QUESTION -> response.strip().endsWith("?");
                case ONE_SENTENCE -> !tokens.isEmpty() && Sentences.split(response).size() == 1;
            };
            if (!kept) {
                return true;
            }
        }
        return false;
    }
}
