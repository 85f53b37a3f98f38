package org.rlhf4j.eval;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rlhf4j.model.TransformerModel;
import org.rlhf4j.model.tokenizer.HfTokenizer;
import org.rlhf4j.train.data.BadRecords;
import org.rlhf4j.train.data.DocumentLoader;
import org.rlhf4j.train.lm.CausalLmLoss;
import org.rlhf4j.train.lm.Perplexity;

/**
 * The "alignment tax" measure: perplexity on held-out text of the pretraining distribution. RLHF
 * that forgets pretraining shows it as a rise against the base and SFT models; PPO-ptx should pay
 * less of it (InstructGPT, section 4.2).
 */
final class AlignmentTax {
    private AlignmentTax() {
    }

    /** Perplexity over the first {@code maxTokens} tokens of the file's texts, in windows of the model's positions. */
    static double perplexity(TransformerModel lm, HfTokenizer tokenizer, Path corpus, int maxTokens, int batchSize) {
        List<int[]> texts = new ArrayList<>();
        int[] budget = {maxTokens};
        DocumentLoader.forEach(corpus, BadRecords.failing(), doc -> {
            if (budget[0] <= 1) {
                return;
            }
            int[] ids = tokenizer.encode(doc.text(), true);
            if (ids.length > budget[0]) {
                ids = java.util.Arrays.copyOf(ids, budget[0]);
            }
            budget[0] -= ids.length;
            texts.add(ids);
        });
        int window = Math.min(lm.config().maxPositions(), 256);
        List<int[]> windows = Perplexity.windows(texts, window);
        if (windows.isEmpty()) {
            throw new IllegalArgumentException(corpus + ": no text to score for the alignment tax");
        }
        CausalLmLoss.Total total = Perplexity.total(lm, windows, batchSize, done -> { });
        return Math.exp(total.mean());
    }
}
