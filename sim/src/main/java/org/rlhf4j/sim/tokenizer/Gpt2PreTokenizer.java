package org.rlhf4j.sim.tokenizer;

import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GPT-2's pre-tokenizer: the split regex that cuts text into words, numbers, runs of
 * punctuation and whitespace before byte-level BPE sees it (HF's {@code ByteLevel} pre-tokenizer
 * with {@code use_regex: true}). A merge never crosses a piece's edge.
 *
 * <p>The pattern is GPT-2's, character for character. {@code UNICODE_CHARACTER_CLASS} makes
 * Java's {@code \s} Unicode's White_Space, as in the Oniguruma regex HF runs; without it
 * {@code \s} is ASCII only and a no-break space would join the word after it.
 */
public final class Gpt2PreTokenizer {
    public static final String SPLIT_REGEX =
            "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+";

    private static final Pattern SPLIT = Pattern.compile(SPLIT_REGEX, Pattern.UNICODE_CHARACTER_CLASS);

    private final Matcher matcher = SPLIT.matcher("");

    /**
     * Calls {@code piece} with each piece of {@code text[from, to)}, in order. The range is
     * split as if it were the whole text (a lookahead does not see past {@code to}), as HF
     * splits each line of a training file and each stretch between special tokens on its own.
     * Not thread-safe: one instance per thread.
     */
    public void split(CharSequence text, int from, int to, Consumer<String> piece) {
        matcher.reset(text);
        matcher.region(from, to); // opaque bounds by default: the range's end is the text's end
        while (matcher.find()) {
            piece.accept(text.subSequence(matcher.start(), matcher.end()).toString());
        }
    }
}
