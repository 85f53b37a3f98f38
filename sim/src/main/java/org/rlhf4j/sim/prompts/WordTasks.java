package org.rlhf4j.sim.prompts;

import static org.rlhf4j.sim.prompts.Constraint.END_WITH_QUESTION;
import static org.rlhf4j.sim.prompts.Constraint.LIST_THREE;
import static org.rlhf4j.sim.prompts.Constraint.ONE_SENTENCE;
import static org.rlhf4j.sim.prompts.Constraint.ONE_WORD;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.Function;
import org.rlhf4j.sim.text.Words;
import org.rlhf4j.sim.world.CorpusSentence;
import org.rlhf4j.sim.world.WordClass;
import org.rlhf4j.sim.world.WordEntry;

/** Prompts from WordNet's common words: definitions, relations, kinds and parts, use in a sentence, part of speech. */
final class WordTasks {
    private WordTasks() {
    }

    static List<TaskMaker> all() {
        List<TaskMaker> out = new ArrayList<>();
        out.add(new TaskMaker(Category.OPEN_QA, "define", List.of(ONE_SENTENCE), WordTasks::define));
        out.add(new TaskMaker(Category.OPEN_QA, "synonym", List.of(ONE_WORD), (pool, rng, c) -> related(pool, rng, c,
                "synonym", WordEntry::synonyms, "What is another word for '%s'?", "Another word for %s is %s.")));
        out.add(new TaskMaker(Category.OPEN_QA, "antonym", List.of(ONE_WORD), (pool, rng, c) -> related(pool, rng, c,
                "antonym", WordEntry::antonyms, "What is the opposite of '%s'?", "The opposite of %s is %s.")));
        out.add(new TaskMaker(Category.OPEN_QA, "is-a", List.of(ONE_WORD), WordTasks::isA));
        out.add(new TaskMaker(Category.BRAINSTORMING, "kinds", List.of(LIST_THREE), (pool, rng, c) -> list(pool, rng, c,
                "kinds", WordEntry::hyponyms, "Name some kinds of %s.")));
        out.add(new TaskMaker(Category.BRAINSTORMING, "parts", List.of(LIST_THREE), (pool, rng, c) -> list(pool, rng, c,
                "parts", WordEntry::parts, "What are the parts of %s?")));
        out.add(new TaskMaker(Category.BRAINSTORMING, "synonyms", List.of(LIST_THREE), (pool, rng, c) -> list(pool, rng, c,
                "synonyms", WordEntry::synonyms, "Give some words that mean the same as '%s'.")));
        out.add(new TaskMaker(Category.GENERATION, "use-word", List.of(ONE_SENTENCE, END_WITH_QUESTION), WordTasks::useWord));
        out.add(new TaskMaker(Category.CHAT, "chat-define", List.of(ONE_SENTENCE, END_WITH_QUESTION), WordTasks::chatDefine));
        out.add(new TaskMaker(Category.CLASSIFICATION, "part-of-speech", List.of(ONE_WORD), WordTasks::partOfSpeech));
        return out;
    }

    /** A sentence that says what the word means: "A house is a dwelling...", "To walk is to...". */
    static String definitionSentence(WordEntry w) {
        String def = w.definition();
        return switch (w.wordClass()) {
            case NOUN -> def.startsWith("a ") || def.startsWith("an ")
                    ? Phrases.capitalize(Phrases.article(w.lemma())) + " " + w.lemma() + " is " + def + "."
                    : Phrases.capitalize(w.lemma()) + " is " + def + ".";
            case VERB -> "To " + w.lemma() + " is to " + def + ".";
            case ADJECTIVE -> Phrases.capitalize(w.lemma()) + " means " + def + ".";
        };
    }

    /** The word and up to three content words of its definition: what a good explanation mentions. */
    private static List<String> definitionKeywords(WordEntry w) {
        List<String> out = new ArrayList<>(List.of(w.lemma()));
        for (String t : Words.tokens(w.definition())) {
            if (out.size() < 4 && t.length() >= 3 && !Words.isStopword(t) && !out.contains(t)) {
                out.add(t);
            }
        }
        return out;
    }

    private static Optional<SimPrompt> define(Pool pool, Random rng, Constraint c) {
        WordEntry w = Pool.pick(pool.words, rng);
        return Optional.of(new Draft("define", Category.OPEN_QA, "What does the word '" + w.lemma() + "' mean?",
                List.of(), definitionKeywords(w), definitionSentence(w), false).build(c));
    }

    private static Optional<SimPrompt> related(Pool pool, Random rng, Constraint c, String task,
            Function<WordEntry, List<String>> relation, String question, String answer) {
        WordEntry w = Pool.pick(pool.words, rng);
        List<String> related = relation.apply(w);
        if (related.isEmpty()) {
            return Optional.empty();
        }
        String first = related.getFirst();
        String reference = c == ONE_WORD ? Phrases.capitalize(first) + "." : String.format(answer, w.lemma(), first);
        return Optional.of(new Draft(task, Category.OPEN_QA, String.format(question, w.lemma()), related,
                List.of(first), reference, false).build(c));
    }

    private static Optional<SimPrompt> isA(Pool pool, Random rng, Constraint c) {
        WordEntry w = Pool.pick(pool.words, rng);
        if (w.wordClass() != WordClass.NOUN || w.hypernyms().isEmpty()) {
            return Optional.empty();
        }
        String kind = w.hypernyms().getFirst();
        String a = Phrases.article(w.lemma());
        String reference = c == ONE_WORD ? Phrases.capitalize(kind) + "."
                : Phrases.capitalize(a) + " " + w.lemma() + " is " + Phrases.article(kind) + " " + kind + ".";
        return Optional.of(new Draft("is-a", Category.OPEN_QA, "What kind of thing is " + a + " " + w.lemma() + "?",
                w.hypernyms(), List.of(kind), reference, false).build(c));
    }

    private static Optional<SimPrompt> list(Pool pool, Random rng, Constraint c, String task,
            Function<WordEntry, List<String>> relation, String question) {
        WordEntry w = Pool.pick(pool.words, rng);
        List<String> items = relation.apply(w);
        if (items.size() < 3 || (!task.equals("synonyms") && w.wordClass() != WordClass.NOUN)) {
            return Optional.empty();
        }
        String subject = task.equals("parts") ? Phrases.article(w.lemma()) + " " + w.lemma() : w.lemma();
        return Optional.of(new Draft(task, Category.BRAINSTORMING, String.format(question, subject), items,
                List.of(), Phrases.capitalize(Phrases.list(items.subList(0, 3))) + ".", false).build(c));
    }

    private static Optional<SimPrompt> useWord(Pool pool, Random rng, Constraint c) {
        WordEntry w = Pool.pick(pool.words, rng);
        String sentence;
        // WordNet's examples are often phrases ("a small car"); only whole sentences show a use
        Optional<String> example = w.examples().stream().filter(e -> Words.count(e) >= 5).findFirst();
        if (example.isPresent()) {
            sentence = Phrases.capitalize(example.get());
            if (!sentence.matches(".*[.?!]$")) {
                sentence += ".";
            }
        } else {
            List<CorpusSentence> using = pool.sentencesWith.getOrDefault(w.lemma(), List.of());
            if (using.isEmpty()) {
                return Optional.empty();
            }
            sentence = Pool.pick(using, rng).text();
        }
        return Optional.of(new Draft("use-word", Category.GENERATION, "Use the word '" + w.lemma() + "' in a sentence.",
                List.of(), List.of(w.lemma()), Phrases.withQuestionIfAsked(sentence, c, rng), false).build(c));
    }

    private static Optional<SimPrompt> chatDefine(Pool pool, Random rng, Constraint c) {
        WordEntry w = Pool.pick(pool.words, rng);
        return Optional.of(new Draft("chat-define", Category.CHAT,
                "Hi! I heard someone say '" + w.lemma() + "' today. What does it mean?", List.of(), definitionKeywords(w),
                Phrases.withQuestionIfAsked(definitionSentence(w), c, rng), false).build(c));
    }

    private static Optional<SimPrompt> partOfSpeech(Pool pool, Random rng, Constraint c) {
        WordEntry w = Pool.pick(pool.words, rng);
        if (w.classes().size() != 1) {
            return Optional.empty(); // "light" is all three
        }
        String label = w.wordClass().label();
        String reference = c == ONE_WORD ? Phrases.capitalize(label) + "." : "It is " + Phrases.article(label) + " " + label + ".";
        return Optional.of(new Draft("part-of-speech", Category.CLASSIFICATION,
                "Is the word '" + w.lemma() + "' a noun, a verb or an adjective?", List.of(label), List.of(label),
                reference, false).build(c));
    }
}
