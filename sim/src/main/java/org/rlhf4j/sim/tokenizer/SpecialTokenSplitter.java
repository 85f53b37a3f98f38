package org.rlhf4j.sim.tokenizer;

import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Finds special tokens ({@code <|endoftext|>}...) in text so that they stay whole: the text
 * between them is pre-tokenized, the tokens themselves are neither counted nor merged. At each
 * position the longest special token wins, as in HF's added-vocabulary matcher.
 */
public final class SpecialTokenSplitter {
    /** Receives the text between special tokens and the special tokens themselves. */
    public interface Segments {
        void text(int from, int to);

        void special(String token);
    }

    private final List<String> tokens;
    private final Matcher matcher;

    public SpecialTokenSplitter(List<String> specialTokens) {
        this.tokens = List.copyOf(specialTokens);
        this.matcher = tokens.isEmpty() ? null : Pattern.compile(tokens.stream()
                .sorted(Comparator.comparingInt(String::length).reversed())
                .map(Pattern::quote)
                .collect(Collectors.joining("|"))).matcher("");
    }

    /** A splitter for the same tokens, for another thread (a matcher is not thread-safe). */
    public SpecialTokenSplitter copy() {
        return new SpecialTokenSplitter(tokens);
    }

    /** Calls {@code out} for the stretches of {@code text[from, to)} between special tokens (empty ones left out) and for each token. */
    public void split(CharSequence text, int from, int to, Segments out) {
        int start = from;
        if (matcher != null) {
            matcher.reset(text);
            matcher.region(from, to);
            while (matcher.find()) {
                if (matcher.start() > start) {
                    out.text(start, matcher.start());
                }
                out.special(matcher.group());
                start = matcher.end();
            }
        }
        if (to > start) {
            out.text(start, to);
        }
    }
}
