package org.rlhf4j.train.data;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import org.rlhf4j.model.tokenizer.HfTokenizer;

/**
 * A pretraining corpus as one token stream cut into fixed-length blocks, as GPT-2 and nanoGPT
 * train: every document tokenized ({@code encode(text, true)}: Llama's BOS included), followed
 * by EOS so the model sees where texts end, all concatenated in order.
 *
 * <p>Block {@code i} is tokens {@code [i*L, i*L + L]}, {@code L + 1} of them: inputs are the
 * first L, targets the last L. Consecutive blocks share one token (the last of one is the
 * first of the next), so every token after the first is a target exactly once and none is
 * wasted at the seams. The last partial block is dropped. Blocks are stored as the stream
 * itself (4 bytes a token), not copied out; order is the files' order, shuffling is the
 * trainer's job.
 */
public final class PackedBlocks {

    private final int[] tokens;
    private final int blockLength;
    private final int documents;

    private PackedBlocks(int[] tokens, int blockLength, int documents) {
        this.tokens = tokens;
        this.blockLength = blockLength;
        this.documents = documents;
    }

    /** Blocks over a ready token stream. */
    public static PackedBlocks of(int[] tokens, int blockLength) {
        checkBlockLength(blockLength);
        return new PackedBlocks(tokens.clone(), blockLength, 0);
    }

    /** Tokenizes and packs documents, in order. */
    public static PackedBlocks pack(Iterable<Document> documents, HfTokenizer tokenizer, int blockLength) {
        checkBlockLength(blockLength);
        Stream stream = new Stream(tokenizer);
        documents.forEach(stream::add);
        return stream.blocks(blockLength);
    }

    /**
     * Streams pretraining files ({@code .txt} or {@code {"text"}} JSONL, see {@link DocumentLoader})
     * through the tokenizer, in order, keeping only the tokens.
     */
    public static PackedBlocks load(List<Path> files, HfTokenizer tokenizer, int blockLength, BadRecords bad) {
        checkBlockLength(blockLength);
        Stream stream = new Stream(tokenizer);
        for (Path file : files) {
            DocumentLoader.forEach(file, bad, stream::add);
        }
        return stream.blocks(blockLength);
    }

    private static void checkBlockLength(int blockLength) {
        if (blockLength < 1) {
            throw new IllegalArgumentException("block length must be positive, got " + blockLength);
        }
    }

    /** Number of whole blocks; 0 when the corpus has at most {@code blockLength} tokens. */
    public int count() {
        return tokens.length <= 1 ? 0 : (tokens.length - 1) / blockLength;
    }

    /** Block {@code i}: {@code blockLength + 1} tokens, inputs {@code [0, L)}, targets {@code [1, L]}. */
    public int[] block(int i) {
        Objects.checkIndex(i, count());
        int from = i * blockLength;
        return Arrays.copyOfRange(tokens, from, from + blockLength + 1);
    }

    /** L, the number of inputs (and targets) in a block. */
    public int blockLength() {
        return blockLength;
    }

    /** Tokens in the stream, the dropped tail included. */
    public int tokenCount() {
        return tokens.length;
    }

    /** Documents packed (0 for {@link #of}). */
    public int documents() {
        return documents;
    }

    /** The growing token stream. */
    private static final class Stream {
        private final HfTokenizer tokenizer;
        private int[] tokens = new int[1 << 12];
        private int size;
        private int documents;

        Stream(HfTokenizer tokenizer) {
            this.tokenizer = Objects.requireNonNull(tokenizer, "tokenizer");
        }

        void add(Document document) {
            int[] ids = tokenizer.encode(document.text(), true);
            boolean eos = tokenizer.eosId() >= 0 && !(tokenizer.addsEos() && ids.length > 0 && ids[ids.length - 1] == tokenizer.eosId());
            long needed = (long) size + ids.length + (eos ? 1 : 0);
            if (needed > Integer.MAX_VALUE - 8) {
                throw new DatasetException(document.source(), "the corpus passes " + (Integer.MAX_VALUE - 8)
                        + " tokens here, more than one stream can hold; pretrain on fewer files at a time");
            }
            if (needed > tokens.length) {
                tokens = Arrays.copyOf(tokens, (int) Math.min(Integer.MAX_VALUE - 8, Math.max(needed, tokens.length + (tokens.length >> 1))));
            }
            System.arraycopy(ids, 0, tokens, size, ids.length);
            size += ids.length;
            if (eos) {
                tokens[size++] = tokenizer.eosId();
            }
            documents++;
        }

        PackedBlocks blocks(int blockLength) {
            return new PackedBlocks(Arrays.copyOf(tokens, size), blockLength, documents);
        }
    }
}
