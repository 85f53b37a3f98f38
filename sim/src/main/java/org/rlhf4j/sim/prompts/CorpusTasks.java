package org.rlhf4j.sim.prompts;

import static org.rlhf4j.sim.prompts.Constraint.END_WITH_QUESTION;
import static org.rlhf4j.sim.prompts.Constraint.ONE_SENTENCE;
import static org.rlhf4j.sim.prompts.Constraint.ONE_WORD;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.rlhf4j.sim.text.Words;
import org.rlhf4j.sim.world.Corpus;
import org.rlhf4j.sim.world.CorpusSentence;
import org.rlhf4j.sim.world.WordClass;
import org.rlhf4j.sim.world.WordEntry;

/**
 * Prompts from corpus sentences: writing about a topic (the reference is a corpus sentence on it),
 * continuing a story, chatting about a topic, rewriting, summarizing, classifying and extracting.
 * A passage is quoted in double quotes, which clean corpus sentences never contain.
 */
final class CorpusTasks {
    private static final Pattern YEAR = Pattern.compile("\\b(1[789]\\d\\d|20[0-2]\\d)\\b");
    private static final Pattern TITLED_NAME = Pattern.compile("\\b(Mr|Mrs|Miss)\\.? ([A-Z][a-z]+)\\b");
    /** A rewrite keeps most of the sentence's content words: it needs enough of them for that to show. */
    private static final int MIN_REWRITE_CONTENT_WORDS = 4;
    private static final Pattern CLAUSE_END = Pattern.compile("[,;:]");

    private CorpusTasks() {
    }

    static List<TaskMaker> all() {
        List<TaskMaker> out = new ArrayList<>();
        Category gen = Category.GENERATION;
        List<Constraint> prose = List.of(ONE_SENTENCE, END_WITH_QUESTION);
        out.add(new TaskMaker(gen, "sentence-about", prose, (pool, rng, c) -> about(pool, rng, c, "sentence-about", null, "Write a sentence about %s.")));
        out.add(new TaskMaker(gen, "speech-line", prose, (pool, rng, c) -> about(pool, rng, c, "speech-line", Corpus.Source.SPEECH, "Write a line for a speech about %s.")));
        out.add(new TaskMaker(gen, "story-line", prose, (pool, rng, c) -> about(pool, rng, c, "story-line", Corpus.Source.NOVEL, "Write a line for a story about %s.")));
        out.add(new TaskMaker(gen, "question-about", List.of(), CorpusTasks::questionAbout));
        out.add(new TaskMaker(gen, "continue", prose, CorpusTasks::continueStory));
        out.add(new TaskMaker(Category.CHAT, "chat-topic", List.of(END_WITH_QUESTION), CorpusTasks::chatTopic));
        out.add(new TaskMaker(Category.REWRITE, "replace-word", List.of(), CorpusTasks::replaceWord));
        out.add(new TaskMaker(Category.REWRITE, "shorten", List.of(), CorpusTasks::shorten));
        out.add(new TaskMaker(Category.SUMMARIZATION, "summarize", List.of(ONE_SENTENCE), CorpusTasks::summarize));
        out.add(new TaskMaker(Category.CLASSIFICATION, "source", List.of(ONE_WORD), CorpusTasks::source));
        out.add(new TaskMaker(Category.CLASSIFICATION, "sentence-type", List.of(ONE_WORD), CorpusTasks::sentenceType));
        out.add(new TaskMaker(Category.EXTRACT, "place", List.of(), CorpusTasks::place));
        out.add(new TaskMaker(Category.EXTRACT, "year", List.of(ONE_WORD), CorpusTasks::year));
        out.add(new TaskMaker(Category.EXTRACT, "name", List.of(), CorpusTasks::name));
        return out;
    }

    /** A common noun of this split with a sentence of this split (from {@code source}, when given) that uses it. */
    private static Optional<Topic> topic(Pool pool, Random rng, Corpus.Source source, boolean question) {
        WordEntry w = Pool.pick(pool.words, rng);
        if (w.wordClass() != WordClass.NOUN) {
            return Optional.empty();
        }
        List<CorpusSentence> using = pool.sentencesWith.getOrDefault(w.lemma(), List.of()).stream()
                .filter(s -> (source == null || s.source() == source) && (!question || s.text().endsWith("?")))
                .toList();
        return using.isEmpty() ? Optional.empty() : Optional.of(new Topic(w.lemma(), Pool.pick(using, rng)));
    }

    private record Topic(String word, CorpusSentence sentence) {
    }

    private static Optional<SimPrompt> about(Pool pool, Random rng, Constraint c, String task, Corpus.Source source,
            String prompt) {
        return topic(pool, rng, source, false).map(t -> new Draft(task, Category.GENERATION,
                String.format(prompt, t.word()), List.of(), List.of(t.word()),
                Phrases.withQuestionIfAsked(t.sentence().text(), c, rng), false).build(c));
    }

    private static Optional<SimPrompt> questionAbout(Pool pool, Random rng, Constraint c) {
        return topic(pool, rng, null, true).map(t -> new Draft("question-about", Category.GENERATION,
                "Write a question about " + t.word() + ".", List.of(), List.of(t.word()), t.sentence().text(), false).build(c));
    }

    private static Optional<SimPrompt> chatTopic(Pool pool, Random rng, Constraint c) {
        return topic(pool, rng, null, false).map(t -> new Draft("chat-topic", Category.CHAT,
                "I have been thinking about " + t.word() + " lately. What do you think?", List.of(), List.of(t.word()),
                Phrases.withQuestionIfAsked(t.sentence().text(), c, rng), false).build(c));
    }

    /** The next sentence of a novel; it must share a content word with the first, so "on topic" is checkable. */
    private static Optional<SimPrompt> continueStory(Pool pool, Random rng, Constraint c) {
        CorpusSentence first = Pool.pick(pool.sentences, rng);
        CorpusSentence next = pool.next.get(first);
        if (first.source() != Corpus.Source.NOVEL || next == null) {
            return Optional.empty();
        }
        Set<String> shared = new LinkedHashSet<>(Words.contentStems(next.text()));
        shared.retainAll(Words.contentStems(first.text()));
        if (shared.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Draft("continue", Category.GENERATION, "Continue the story: \"" + first.text() + "\"",
                List.of(), shared.stream().limit(3).toList(), Phrases.withQuestionIfAsked(next.text(), c, rng), false).build(c));
    }

    private static Optional<SimPrompt> replaceWord(Pool pool, Random rng, Constraint c) {
        CorpusSentence s = Pool.pick(pool.sentences, rng);
        if (Words.contentStems(s.text()).size() < MIN_REWRITE_CONTENT_WORDS) {
            return Optional.empty();
        }
        List<String> tokens = Words.tokens(s.text());
        List<WordEntry> replaceable = tokens.stream().distinct().map(pool.lexicon::get)
                .filter(w -> w != null && !w.synonyms().isEmpty()).toList();
        if (replaceable.isEmpty()) {
            return Optional.empty();
        }
        WordEntry w = Pool.pick(replaceable, rng);
        Matcher m = Pattern.compile("\\b" + w.lemma() + "\\b", Pattern.CASE_INSENSITIVE).matcher(s.text());
        if (!m.find()) {
            return Optional.empty();
        }
        String synonym = w.synonyms().getFirst();
        String replacement = Character.isUpperCase(m.group().charAt(0)) ? Phrases.capitalize(synonym) : synonym;
        String rewritten = s.text().substring(0, m.start()) + replacement + s.text().substring(m.end());
        return Optional.of(new Draft("replace-word", Category.REWRITE,
                "Rewrite this sentence using another word for '" + w.lemma() + "': \"" + s.text() + "\"",
                w.synonyms(), List.of(), rewritten, false).build(c));
    }

    /**
     * The sentence's first clause, when it stands alone (four words or more, two of them content
     * words, so a check can see it overlaps) and is clearly shorter.
     */
    static Optional<String> firstClause(String sentence) {
        Matcher m = CLAUSE_END.matcher(sentence);
        if (!m.find()) {
            return Optional.empty();
        }
        String clause = sentence.substring(0, m.start()).strip();
        int words = Words.count(clause);
        if (words < 4 || words > Words.count(sentence) - 3 || Words.contentStems(clause).size() < 2) {
            return Optional.empty();
        }
        return Optional.of(clause + ".");
    }

    private static Optional<SimPrompt> shorten(Pool pool, Random rng, Constraint c) {
        CorpusSentence s = Pool.pick(pool.sentences, rng);
        return firstClause(s.text()).map(shorter -> new Draft("shorten", Category.REWRITE,
                "Make this sentence shorter: \"" + s.text() + "\"", List.of(), List.of(), shorter, false).build(c));
    }

    private static Optional<SimPrompt> summarize(Pool pool, Random rng, Constraint c) {
        CorpusSentence first = Pool.pick(pool.sentences, rng);
        CorpusSentence next = pool.next.get(first);
        if (next == null || Words.count(first.text()) + Words.count(next.text()) > 36) {
            return Optional.empty();
        }
        String summary = firstClause(first.text()).orElse(first.text());
        return Optional.of(new Draft("summarize", Category.SUMMARIZATION,
                "Summarize in a few words: \"" + first.text() + " " + next.text() + "\"", List.of(), List.of(), summary,
                false).build(c));
    }

    private static Optional<SimPrompt> source(Pool pool, Random rng, Constraint c) {
        CorpusSentence s = Pool.pick(pool.sentences, rng);
        String label = s.source().label();
        String reference = c == ONE_WORD ? Phrases.capitalize(label) + "." : "It is from " + Phrases.article(label) + " " + label + ".";
        return Optional.of(new Draft("source", Category.CLASSIFICATION,
                "Is this sentence from a novel or a speech? \"" + s.text() + "\"", List.of(label), List.of(label),
                reference, false).build(c));
    }

    private static Optional<SimPrompt> sentenceType(Pool pool, Random rng, Constraint c) {
        // half questions: they are rare in the corpus, and a classifier that always says "statement" should score 1/2
        boolean question = rng.nextBoolean() && !pool.questions.isEmpty();
        CorpusSentence s = Pool.pick(question ? pool.questions : pool.sentences, rng);
        String label = s.text().endsWith("?") ? "question" : "statement";
        String reference = c == ONE_WORD ? Phrases.capitalize(label) + "." : "It is " + Phrases.article(label) + " " + label + ".";
        return Optional.of(new Draft("sentence-type", Category.CLASSIFICATION,
                "Is this sentence a question or a statement? \"" + s.text() + "\"", List.of(label), List.of(label),
                reference, false).build(c));
    }

    private static Optional<SimPrompt> place(Pool pool, Random rng, Constraint c) {
        List<PlaceMention> mentions = pool.placeMentions();
        if (mentions.isEmpty()) {
            return Optional.empty();
        }
        PlaceMention m = Pool.pick(mentions, rng);
        return Optional.of(new Draft("place", Category.EXTRACT,
                "Which country or state is named in this sentence? \"" + m.sentence().text() + "\"",
                List.copyOf(m.answers()), List.of(), m.name() + ".", false).build(c));
    }

    private static Optional<SimPrompt> year(Pool pool, Random rng, Constraint c) {
        CorpusSentence s = Pool.pick(pool.sentences, rng);
        Matcher m = YEAR.matcher(s.text());
        if (!m.find()) {
            return Optional.empty();
        }
        String year = m.group(1);
        if (m.find() || !Words.tokens(s.text()).contains(year)) { // "1957-full" is one word
            return Optional.empty(); // two years: which one?
        }
        return Optional.of(new Draft("year", Category.EXTRACT, "Which year is named in this sentence? \"" + s.text() + "\"",
                List.of(year), List.of(), year + ".", false).build(c));
    }

    /** A sentence of a novel naming one person by title ("Mr. Knightley") and no other capitalized word but its first. */
    private static Optional<SimPrompt> name(Pool pool, Random rng, Constraint c) {
        CorpusSentence s = Pool.pick(pool.sentences, rng);
        Matcher m = TITLED_NAME.matcher(s.text());
        if (s.source() != Corpus.Source.NOVEL || !m.find()) {
            return Optional.empty();
        }
        String title = m.group(1);
        String surname = m.group(2);
        String[] words = s.text().split("[^A-Za-z]+");
        String opening = words[0].toLowerCase(java.util.Locale.ROOT);
        if (!words[0].equals(title) && !Words.isStopword(opening) && !pool.lexicon.containsKey(opening)) {
            return Optional.empty(); // "Emma told Mr. Knightley": the first word may be a second name
        }
        for (int i = 1; i < words.length; i++) {
            String w = words[i];
            if (!w.isEmpty() && Character.isUpperCase(w.charAt(0)) && !w.equals(title) && !w.equals(surname) && !w.equals("I")) {
                return Optional.empty();
            }
        }
        if (m.find()) {
            return Optional.empty();
        }
        String asWritten = s.text().substring(s.text().indexOf(title), s.text().indexOf(surname, s.text().indexOf(title)) + surname.length());
        return Optional.of(new Draft("name", Category.EXTRACT, "Who is named in this sentence? \"" + s.text() + "\"",
                List.of(surname.toLowerCase(java.util.Locale.ROOT)), List.of(), asWritten + ".", false).build(c));
    }
}
