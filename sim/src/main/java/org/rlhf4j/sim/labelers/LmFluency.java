package org.rlhf4j.sim.labelers;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.rlhf4j.model.TransformerModel;
import org.rlhf4j.model.tokenizer.HfTokenizer;
import org.rlhf4j.tensor.Autograd;
import org.rlhf4j.train.lm.ResponseLogProbs;
import org.rlhf4j.sim.prompts.SimPrompt;

/**
 * Fluency as a reference language model reads it: the response's mean log-probability per token
 * given the prompt, in units of how much the reference answers' own figures spread, with the
 * reference answers at 0. Garbled text scores well below 0; text as natural as a careful labeler's
 * answer scores about 0 (capped at +1, so fluency cannot make up for being wrong). Scores are cached:
 * judges read the same response many times.
 */
public final class LmFluency implements Fluency {
    private final TransformerModel lm;
    private final HfTokenizer tokenizer;
    private final Function<String, int[]> promptIds;
    private final FluencyScale scale;
    private final Map<String, Double> cache = new HashMap<>();

    /**
     * @param promptIds how a prompt's text becomes the tokens the response follows (as the policies read it)
     * @param calibration prompts whose reference answers set the zero and the unit (a few dozen suffice)
     */
    public LmFluency(TransformerModel lm, HfTokenizer tokenizer, Function<String, int[]> promptIds,
            List<SimPrompt> calibration) {
        this.lm = lm;
        this.tokenizer = tokenizer;
        this.promptIds = promptIds;
        this.scale = new FluencyScale(calibration, p -> meanLogProb(p.prompt(), p.reference()));
    }

    @Override
    public synchronized double score(String prompt, String response) {
        return cache.computeIfAbsent(prompt + '\u0000' + response, k -> {
            double v = meanLogProb(prompt, response);
            return scale.score(v);
        });
    }

    /** Mean log-probability per response token (NaN for an empty response). */
    private double meanLogProb(String prompt, String response) {
        int[] p = promptIds.apply(prompt);
        int[] r = tokenizer.encode(response, false);
        if (r.length == 0) {
            return Double.NaN;
        }
        int limit = lm.config().maxPositions();
        if (p.length + r.length > limit) {
            r = java.util.Arrays.copyOf(r, Math.max(1, limit - p.length));
        }
        int[] seq = java.util.Arrays.copyOf(p, p.length + r.length);
        System.arraycopy(r, 0, seq, p.length, r.length);
        try (var ignored = Autograd.noGrad()) {
            float sum = ResponseLogProbs.perSequence(lm, List.of(seq), new int[] {p.length}).data()[0];
            return sum / r.length;
        }
    }
}
