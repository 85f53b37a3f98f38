package org.rlhf4j.sim.tokenizer;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.rlhf4j.train.run.Progress;

/**
 * A tokenizer folder from text files, start to end: read the files, count their words, learn
 * the merges, write {@code tokenizer.json} and {@code tokenizer_config.json}. Progress bars and
 * timings go to {@code log} (stderr in the command).
 */
public final class TokenizerTraining {
    /** What to train. {@code specialTokens} are the user's; a chat template may add its own after them. */
    public record Options(List<Path> files, int vocabSize, int minFrequency, List<String> specialTokens,
            String chatTemplate, int modelMaxLength, Path out) {
        public Options {
            files = List.copyOf(files);
            specialTokens = List.copyOf(specialTokens);
            if (files.isEmpty()) {
                throw new IllegalArgumentException("no training files given");
            }
            if (modelMaxLength < 1) {
                throw new IllegalArgumentException("model_max_length must be positive, got " + modelMaxLength);
            }
        }
    }

    /** What was trained, and how long each stage took. */
    public record Result(BpeModel model, WordCounts words, double countSeconds, double mergeSeconds) {}

    private TokenizerTraining() {}

    public static Result run(Options options, PrintStream log) throws IOException {
        List<String> specials = new ArrayList<>(options.specialTokens());
        ChatTemplates.tokensFor(options.chatTemplate()).stream().filter(t -> !specials.contains(t)).forEach(specials::add);
        // checked before any file is read: a vocabulary too small for the bytes is a typo, not a long wait
        BpeTrainer.Config config = new BpeTrainer.Config(options.vocabSize(), options.minFrequency(), specials);
        String template = ChatTemplates.resolve(options.chatTemplate());

        long start = System.nanoTime();
        List<String> texts = WordCounter.readTexts(options.files());
        long chars = texts.stream().mapToLong(String::length).sum();
        Progress counting = new Progress(log, "tokenizer: counting words", chars);
        WordCounts words = new WordCounter(specials).count(texts, done -> {
            synchronized (counting) {
                if (done < chars) { // the total is shown once, below
                    counting.update(done, "chars", false);
                }
            }
        });
        counting.update(chars, "chars", true); // a bar at its total ends its own line
        double countSeconds = (System.nanoTime() - start) / 1e9;
        log.printf(Locale.ROOT, "tokenizer: %d words, %d distinct, in %.2f s%n", words.total(), words.distinct(), countSeconds);

        start = System.nanoTime();
        int maxMerges = options.vocabSize() - 256 - specials.size();
        Progress merging = new Progress(log, "tokenizer: merging", maxMerges);
        int[] merged = {0};
        BpeModel model = BpeTrainer.train(words, config, n -> {
            merged[0] = n;
            if (n < maxMerges) { // the last count is shown once, below
                merging.update(n, "merges", false);
            }
        });
        merging.update(merged[0], "merges", true);
        if (merged[0] < maxMerges) { // stopped early (no pair frequent enough): the bar's line is still open
            merging.finish();
        }
        double mergeSeconds = (System.nanoTime() - start) / 1e9;
        log.printf(Locale.ROOT, "tokenizer: %d merges, vocabulary %d, in %.2f s%n", model.merges().size(), model.vocabSize(),
                mergeSeconds);

        if (model.vocabSize() < options.vocabSize()) {
            log.printf(Locale.ROOT, "tokenizer: stopped at %d of %d tokens: no pair left that occurs at least %d times%n",
                    model.vocabSize(), options.vocabSize(), Math.max(1, options.minFrequency()));
        }
        TokenizerFolder.write(model, template, options.modelMaxLength(), options.out());
        return new Result(model, words, countSeconds, mergeSeconds);
    }
}
