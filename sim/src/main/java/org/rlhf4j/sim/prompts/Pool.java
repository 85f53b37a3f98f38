package org.rlhf4j.sim.prompts;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.rlhf4j.sim.text.Abstention;
import org.rlhf4j.sim.text.Words;
import org.rlhf4j.sim.world.CorpusSentence;
import org.rlhf4j.sim.world.FactRow;
import org.rlhf4j.sim.world.FactTable;
import org.rlhf4j.sim.world.WordEntry;
import org.rlhf4j.sim.world.World;

/**
 * The items of one split that prompts are made from: fact rows, words and corpus sentences
 * whose key {@link Split#of hashes} to this split, with the indexes the task makers need. A fact
 * row's key is what its prompts ask about ({@link FactTasks#itemKey}), so two rows asking the same
 * question (Armenia is in the Asia and the Europe table) fall in the same split.
 */
final class Pool {
    final World world;
    private final Map<String, List<FactRow>> rows = new HashMap<>();
    final List<WordEntry> words = new ArrayList<>();
    final List<CorpusSentence> sentences = new ArrayList<>();
    /** The following sentence of each sentence that has a clean successor in this split. */
    final Map<CorpusSentence, CorpusSentence> next = new HashMap<>();
    /** Sentences of this split containing each lexicon word (of this split), by word. */
    final Map<String, List<CorpusSentence>> sentencesWith = new HashMap<>();
    /** This split's sentences that are questions. */
    final List<CorpusSentence> questions = new ArrayList<>();
    /** Every lexicon word (all splits), by lemma: rewrites look up the words of a sentence. */
    final Map<String, WordEntry> lexicon = new HashMap<>();
    private List<PlaceMention> placeMentions;

    Pool(World world, Split split) {
        this.world = world;
        for (FactTable table : world.facts().tables()) {
            rows.put(table.name(), table.rows().stream().filter(r -> Split.of(FactTasks.itemKey(r)) == split).toList());
        }
        Set<String> wordSet = new HashSet<>();
        for (WordEntry w : world.lexicon()) {
            lexicon.put(w.lemma(), w);
            if (Split.of(w.key()) == split) {
                words.add(w);
                wordSet.add(w.lemma());
            }
        }
        CorpusSentence previous = null;
        for (CorpusSentence s : world.corpus().sentences()) {
            // a sentence saying "I do not know" would teach abstaining where an answer is wanted
            if (Split.of(s.key()) != split || Abstention.abstains(s.text())) {
                continue;
            }
            sentences.add(s);
            if (s.text().endsWith("?")) {
                questions.add(s);
            }
            if (previous != null && previous.isFollowedBy(s)) {
                next.put(previous, s);
            }
            previous = s;
            for (String token : new HashSet<>(Words.tokens(s.text()))) {
                if (wordSet.contains(token)) {
                    sentencesWith.computeIfAbsent(token, k -> new ArrayList<>()).add(s);
                }
            }
        }
    }

    /** This split's rows of one fact table. */
    List<FactRow> rows(String table) {
        return rows.get(table);
    }

    /** This split's sentences that name exactly one country or US state, found on first use. */
    synchronized List<PlaceMention> placeMentions() {
        if (placeMentions == null) {
            placeMentions = PlaceMention.find(sentences, world.facts());
        }
        return placeMentions;
    }

    static <T> T pick(List<T> items, Random rng) {
        return items.get(rng.nextInt(items.size()));
    }
}
