package org.rlhf4j.sim.labelers;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.rlhf4j.sim.prompts.SimPrompt;
import org.rlhf4j.sim.text.Words;
import org.rlhf4j.sim.world.CorpusSentence;

/**
 * Fluency as a reader of the corpus perceives it: a word bigram language model of the corpus's
 * sentences (Dirichlet-smoothed towards the unigram model, with add-one unigrams), scoring a response
 * by its mean log-probability per word. Made-up words and word salad score low; plain sentences score
 * near the reference answers, which set the zero, and their spread the unit (capped at +1 as in
 * {@link LmFluency}).
 *
 * <p>Unlike a neural reference model, it favours no policy: a model sampled from itself looks fluent
 * to itself, so using the base model as the reader would hand the base model the fluency points.
 */
public final class CorpusFluency implements Fluency {
    /** Weight of the unigram model in a bigram estimate, in pseudo-counts. */
    static final double SMOOTHING = 2.0;
    private static final String START = "<s>";

    private final Map<String, Integer> unigrams = new HashMap<>();
    private final Map<String, Integer> bigrams = new HashMap<>();
    private final Map<String, Integer> contexts = new HashMap<>();
    private final long total;
    private final FluencyScale scale;

    public CorpusFluency(List<CorpusSentence> corpus, List<SimPrompt> calibration) {
        long n = 0;
        for (CorpusSentence s : corpus) {
            String previous = START;
            for (String w : Words.tokens(s.text())) {
                unigrams.merge(w, 1, Integer::sum);
                bigrams.merge(previous + ' ' + w, 1, Integer::sum);
                contexts.merge(previous, 1, Integer::sum);
                previous = w;
                n++;
            }
        }
        this.total = n;
        this.scale = new FluencyScale(calibration, p -> meanLogProb(p.reference()));
    }

    @Override
    public double score(String prompt, String response) {
        double v = meanLogProb(response);
        return scale.score(v);
    }

    /** Mean natural-log probability per word; NaN for a response without words. */
    double meanLogProb(String text) {
        List<String> words = Words.tokens(text);
        if (words.isEmpty()) {
            return Double.NaN;
        }
        double sum = 0;
        String previous = START;
        for (String w : words) {
            double unigram = (unigrams.getOrDefault(w, 0) + 1.0) / (total + unigrams.size() + 1.0);
            double bigram = (bigrams.getOrDefault(previous + ' ' + w, 0) + SMOOTHING * unigram)
                    / (contexts.getOrDefault(previous, 0) + SMOOTHING);
            sum += Math.log(bigram);
            previous = w;
        }
        return sum / words.size();
    }
}
