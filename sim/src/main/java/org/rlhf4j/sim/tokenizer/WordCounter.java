package org.rlhf4j.sim.tokenizer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;
import org.rlhf4j.tensor.Parallel;

/**
 * Counts the pre-tokenized words of text files, as HF's trainer does when given files: each
 * line (with its line ending) is pre-tokenized on its own, and special tokens are cut out of
 * the text first (unlike HF, whose trainer counts a special token's text as ordinary words:
 * here {@code <|endoftext|>} between documents does not teach the model {@code <|}).
 *
 * <p>Lines are independent, so each file is cut into one stretch of whole lines per thread,
 * each counted into its own map; the maps are added up at the end.
 */
public final class WordCounter {
    /** Characters between progress updates of one thread: often enough for a bar, rare enough to cost nothing. */
    private static final int PROGRESS_EVERY_CHARS = 1 << 20;

    private final List<String> specialTokens;

    public WordCounter(List<String> specialTokens) {
        this.specialTokens = List.copyOf(specialTokens);
    }

    /** Reads text files (see {@link #readText}). */
    public static List<String> readTexts(List<Path> files) throws IOException {
        List<String> texts = new ArrayList<>();
        for (Path file : files) {
            texts.add(readText(file));
        }
        return texts;
    }

    /** Reads a text file as UTF-8, unzipping it first when its name ends in {@code .gz}. */
    public static String readText(Path file) throws IOException {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(in).readAllBytes() : in.readAllBytes();
        } catch (java.util.zip.ZipException e) {
            throw new IOException(file + ": not a gzip file (" + e.getMessage() + ")", e);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IOException(file + ": not UTF-8 text", e);
        }
    }

    /** Counts the words of texts (a file's text each); {@code progress} hears of the characters done. */
    public WordCounts count(List<String> texts, ProgressSink progress) {
        AtomicLong done = new AtomicLong();
        Map<String, long[]> total = new HashMap<>();
        for (String text : texts) {
            int parts = Math.max(1, Math.min(Parallel.threads(), text.length() / (1 << 16)));
            int[] cuts = lineAlignedCuts(text, parts);
            List<Map<String, long[]>> partCounts = new ArrayList<>();
            for (int p = 0; p < parts; p++) {
                partCounts.add(new HashMap<>());
            }
            Parallel.forParts(parts, p -> countRange(text, cuts[p], cuts[p + 1], partCounts.get(p), done, progress));
            for (Map<String, long[]> counts : partCounts) {
                counts.forEach((word, n) -> total.computeIfAbsent(word, w -> new long[1])[0] += n[0]);
            }
            progress.charsDone(done.get());
        }
        return toByteLevel(total);
    }

    private void countRange(String text, int from, int to, Map<String, long[]> counts, AtomicLong done,
            ProgressSink progress) {
        Gpt2PreTokenizer preTokenizer = new Gpt2PreTokenizer();
        SpecialTokenSplitter specials = new SpecialTokenSplitter(specialTokens);
        java.util.function.Consumer<String> count = word -> counts.computeIfAbsent(word, w -> new long[1])[0]++;
        SpecialTokenSplitter.Segments segments = new SpecialTokenSplitter.Segments() {
            @Override
            public void text(int start, int end) {
                preTokenizer.split(text, start, end, count);
            }

            @Override
            public void special(String token) {
                // a special token is an id of its own, never a word to learn merges from
            }
        };
        int sinceReport = 0;
        for (int line = from; line < to; ) {
            int newline = text.indexOf('\n', line);
            int end = newline < 0 || newline >= to ? to : newline + 1;
            specials.split(text, line, end, segments);
            sinceReport += end - line;
            line = end;
            if (sinceReport >= PROGRESS_EVERY_CHARS) {
                progress.charsDone(done.addAndGet(sinceReport));
                sinceReport = 0;
            }
        }
        done.addAndGet(sinceReport);
    }

    /** {@code parts + 1} cut points splitting the text into stretches of whole lines of about equal size. */
    private static int[] lineAlignedCuts(String text, int parts) {
        int[] cuts = new int[parts + 1];
        for (int p = 1; p < parts; p++) {
            int at = Math.max(cuts[p - 1], (int) ((long) text.length() * p / parts));
            int newline = text.indexOf('\n', at);
            cuts[p] = newline < 0 ? text.length() : newline + 1;
        }
        cuts[parts] = text.length();
        return cuts;
    }

    private static WordCounts toByteLevel(Map<String, long[]> counts) {
        record Word(String byteLevel, long count) {}
        Word[] sorted = counts.entrySet().stream()
                .map(e -> new Word(ByteLevelAlphabet.encode(e.getKey()), e.getValue()[0]))
                .sorted(Comparator.comparing(Word::byteLevel))
                .toArray(Word[]::new);
        String[] words = new String[sorted.length];
        long[] n = new long[sorted.length];
        long total = 0;
        for (int w = 0; w < sorted.length; w++) {
            words[w] = sorted[w].byteLevel();
            n[w] = sorted[w].count();
            total += n[w];
        }
        return new WordCounts(words, n, total);
    }

    /** Hears how many characters are counted so far; called from several threads. */
    @FunctionalInterface
    public interface ProgressSink {
        ProgressSink NONE = done -> {};

        void charsDone(long done);
    }
}
