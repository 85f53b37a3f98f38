package org.rlhf4j.tensor.ops;

import org.rlhf4j.tensor.Gemm;
import org.rlhf4j.tensor.Kernels;
import org.rlhf4j.tensor.Parallel;
import org.rlhf4j.tensor.Tensor;

/**
 * Logits = hidden * weight^T computed a chunk of rows at a time into one reused buffer, for
 * the fused cross-entropy and log-prob ops. With a GPT-2 vocabulary (50257) a full [N, V]
 * logits tensor for a batch of 8 x 1024 tokens is 1.6 GB; a chunk is at most 128 MB. Chunks
 * are as tall as that allows (up to 512 rows): the weight-gradient GEMM has the chunk height
 * as its K, and a short K would re-read and re-write the whole [V, d] gradient per chunk.
 *
 * <p>Only the listed rows are computed (rows whose target is ignored cost nothing). The
 * hidden rows of a chunk are packed so that each chunk is one GEMM, and in backward the same
 * packed rows give the weight gradient. Chunks run in a fixed order and each GEMM is
 * deterministic, so results do not depend on the thread count.
 */
final class LogitChunks {
    private LogitChunks() {}

    static final int MIN_ROWS = 32;
    static final int MAX_ROWS = 512;
    /**
     * Floats of one chunk of logits (128 MB). Smaller chunks cost more than memory: with
     * GPT-2's vocabulary a 32 MB chunk held 166 rows, so a 2048-token step packed the [V, d]
     * weight and re-read and re-wrote its whole gradient 13 times instead of 4 (GPT-2 small
     * trained at 136 tokens/s on one thread instead of 153).
     */
    private static final int CHUNK_FLOATS = 1 << 25;

    /** Rows of logits computed per GEMM for a vocabulary of {@code vocab}. */
    static int rowsPerChunk(int vocab) {
        return Math.max(MIN_ROWS, Math.min(MAX_ROWS, CHUNK_FLOATS / Math.max(1, vocab)));
    }

    /** Work on one row of logits: {@code logits[off .. off + vocab)} belongs to hidden row {@code row}. */
    @FunctionalInterface
    interface RowBody {
        void run(int row, float[] logits, int off);
    }

    /** Calls {@code body} once per listed row with that row's logits (rows in parallel within a chunk). */
    static void forward(Tensor hidden, Tensor weight, int[] rows, RowBody body) {
        run(hidden, weight, rows, body, false);
    }

    /**
     * Recomputes each chunk of logits, lets {@code toGradient} turn every row into dLoss/dlogits
     * in place, then accumulates dhidden = dlogits * weight and dweight += dlogits^T * hidden
     * into the gradient buffers of whichever of the two requires gradients.
     */
    static void backward(Tensor hidden, Tensor weight, int[] rows, RowBody toGradient) {
        run(hidden, weight, rows, toGradient, true);
    }

    private static void run(Tensor hidden, Tensor weight, int[] rows, RowBody body, boolean backward) {
        if (rows.length == 0) {
            return;
        }
        int d = hidden.cols();
        int vocab = weight.dim(0);
        int chunk = Math.min(rowsPerChunk(vocab), rows.length);
        float[] hd = hidden.data();
        float[] w = weight.data();
        float[] packed = new float[chunk * d];
        float[] logits = new float[chunk * vocab];
        boolean hiddenGrad = backward && hidden.requiresGrad();
        boolean weightGrad = backward && weight.requiresGrad();
        float[] dPacked = hiddenGrad ? new float[chunk * d] : null;
        for (int start = 0; start < rows.length; start += chunk) {
            final int c0 = start;
            final int m = Math.min(chunk, rows.length - c0);
            for (int r = 0; r < m; r++) {
                System.arraycopy(hd, rows[c0 + r] * d, packed, r * d, d);
            }
            Gemm.gemm(false, true, m, vocab, d, packed, 0, d, w, 0, d, logits, 0, vocab, false);
            Parallel.forRange(m, 1, (r0, r1) -> {
                for (int r = r0; r < r1; r++) {
                    body.run(rows[c0 + r], logits, r * vocab);
                }
            });
            if (hiddenGrad) {
                Gemm.gemm(false, false, m, d, vocab, logits, 0, vocab, w, 0, d, dPacked, 0, d, false);
                float[] dh = hidden.gradBuffer();
                for (int r = 0; r < m; r++) {
                    Kernels.addInto(dPacked, r * d, dh, rows[c0 + r] * d, d);
                }
            }
            if (weightGrad) {
                Gemm.gemm(true, false, vocab, d, m, logits, 0, vocab, packed, 0, d, weight.gradBuffer(), 0, d, true);
            }
        }
    }
}
