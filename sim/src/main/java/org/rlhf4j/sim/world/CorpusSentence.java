package org.rlhf4j.sim.world;

/**
 * A clean, short sentence of the corpus, where prompts take their passages from.
 *
 * @param source    which of the two corpora it comes from
 * @param paragraph the paragraph's number across the whole corpus (sentences of one paragraph share it)
 * @param position  its place in the paragraph, 0-based, counting every sentence (clean or not)
 * @param text      the sentence, one line, ending in {@code .}, {@code ?} or {@code !}
 */
public record CorpusSentence(Corpus.Source source, int paragraph, int position, String text) {

    /** True when {@code next} is the sentence that follows this one in the text. */
    public boolean isFollowedBy(CorpusSentence next) {
        return next.paragraph == paragraph && next.position == position + 1;
    }

    /** What identifies the sentence across prompts and splits. */
    public String key() {
        return "sentence:" + text;
    }
}
