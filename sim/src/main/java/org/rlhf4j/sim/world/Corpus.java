package org.rlhf4j.sim.world;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.rlhf4j.sim.text.Sentences;
import org.rlhf4j.sim.text.Words;

/**
 * The demo corpus (Jane Austen's novels, State of the Union addresses) cut into paragraphs and
 * sentences, with word counts. Prompts use only the "clean" sentences: short, one line of plain
 * ASCII prose with no quotation marks (so a passage can be quoted in a prompt unambiguously) and
 * no Gutenberg italics or dashes.
 */
public final class Corpus {
    /** Which corpus a sentence comes from: the label of the "novel or speech?" classification. */
    public enum Source {
        NOVEL("novel", "corpus/jane-austen-novels.txt.gz"),
        SPEECH("speech", "corpus/state-of-the-union.txt.gz");

        private final String label;
        private final String file;

        Source(String label, String file) {
            this.label = label;
            this.file = file;
        }

        /** The word a labeler answers with. */
        public String label() {
            return label;
        }

        public String file() {
            return file;
        }
    }

    public static final int MIN_WORDS = 6;
    public static final int MAX_WORDS = 22;

    private static final Pattern CLEAN = Pattern.compile("[A-Z][A-Za-z0-9 ,;:'().-]*[a-z0-9][.?!]");

    private final List<CorpusSentence> sentences;
    private final Map<String, Integer> wordCounts;

    private Corpus(List<CorpusSentence> sentences, Map<String, Integer> wordCounts) {
        this.sentences = sentences;
        this.wordCounts = wordCounts;
    }

    /** Reads both corpora from the data shipped in the jar. */
    public static Corpus load() {
        List<CorpusSentence> sentences = new ArrayList<>();
        Map<String, Integer> counts = new HashMap<>();
        int paragraph = 0;
        for (Source source : Source.values()) {
            try (BufferedReader reader = WorldData.reader(source.file())) {
                StringBuilder block = new StringBuilder();
                String line;
                while ((line = reader.readLine()) != null) {
                    if (!line.isBlank()) {
                        block.append(block.isEmpty() ? "" : " ").append(line.strip());
                        continue;
                    }
                    if (!block.isEmpty()) {
                        addParagraph(source, paragraph++, block.toString(), sentences, counts);
                        block.setLength(0);
                    }
                }
                if (!block.isEmpty()) {
                    addParagraph(source, paragraph++, block.toString(), sentences, counts);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + source.file(), e);
            }
        }
        return new Corpus(List.copyOf(sentences), Map.copyOf(counts));
    }

    /** The clean sentences, in corpus order. */
    public List<CorpusSentence> sentences() {
        return sentences;
    }

    /** How often a lower-case word occurs in the whole corpus (all text, not only clean sentences). */
    public int count(String word) {
        return wordCounts.getOrDefault(word, 0);
    }

    private static void addParagraph(Source source, int paragraph, String text, List<CorpusSentence> out,
            Map<String, Integer> counts) {
        for (String word : Words.tokens(text)) {
            counts.merge(word, 1, Integer::sum);
        }
        List<String> split = Sentences.split(text);
        for (int position = 0; position < split.size(); position++) {
            String s = split.get(position);
            int words = Words.count(s);
            if (words >= MIN_WORDS && words <= MAX_WORDS && CLEAN.matcher(s).matches() && !s.contains("--")) {
                out.add(new CorpusSentence(source, paragraph, position, s));
            }
        }
    }
}
