package org.rlhf4j.tensor.ops;

import static org.rlhf4j.tensor.Kernels.F;
import static org.rlhf4j.tensor.Kernels.LANES;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import org.rlhf4j.tensor.Autograd;
import org.rlhf4j.tensor.Gemm;
import org.rlhf4j.tensor.Kernels;
import org.rlhf4j.tensor.Parallel;
import org.rlhf4j.tensor.Shapes;
import org.rlhf4j.tensor.Tensor;

/**
 * Causal scaled dot-product attention, fused per (batch, head): scores, mask, softmax and
 * the two products run over blocks of query rows in a scratch buffer of [block, Tk] floats
 * that lives only as long as the task. Forward keeps just each row's log-sum-exp; backward
 * recomputes the probabilities from it (as flash attention does), so no [B, H, T, T] tensor
 * is ever stored.
 *
 * <p>Layouts are the ones the projections produce, heads side by side in the last axis:
 * q is [batch, Tq, nHeads * headDim], k and v are [batch, Tk, nKvHeads * headDim]. With
 * nKvHeads < nHeads (grouped-query attention) query head h reads kv head h / (nHeads / nKvHeads).
 *
 * <p>Queries are aligned to the end of the keys: query i sits at absolute position
 * Tk - Tq + i and sees keys 0 .. Tk - Tq + i. Training calls it with Tq = Tk; generation with
 * a KV cache calls it with the new tokens only (Tq = 1) against all cached keys.
 */
public final class Attention {
    private Attention() {}

    /** Query rows per block: the scores of a block are one GEMM of [BLOCK, headDim] x [headDim, Tk]. */
    static final int BLOCK = 64;

    /**
     * A row whose every visible score is at or below this (all its keys carry a mask of about
     * -1e9 or -inf) attends to nothing: its output is zero instead of a uniform average of
     * padding (or NaN, with -inf). Real scores never come near it.
     */
    static final float FULLY_MASKED = -1e8f;

    /**
     * softmax(q k^T / sqrt(headDim) + causal mask + keyMask) v.
     *
     * @param keyMask null, or an additive [batch, Tk] mask: 0 for real tokens, a large negative
     *                (-1e9 or -inf) for padding; added to every score of that key, gets no gradient
     * @return [batch, Tq, nHeads * headDim]
     */
    public static Tensor causalSelfAttention(Tensor q, Tensor k, Tensor v, int batch, int nHeads, int nKvHeads,
                                             int headDim, Tensor keyMask) {
        Shapes.require(batch > 0 && nHeads > 0 && nKvHeads > 0 && headDim > 0 && nHeads % nKvHeads == 0,
                "Attention: nHeads (" + nHeads + ") must be a positive multiple of nKvHeads (" + nKvHeads
                        + "), batch " + batch + " and headDim " + headDim + " positive");
        Shapes.require(q.rank() == 3 && q.dim(0) == batch && q.dim(2) == nHeads * headDim,
                "Attention: q must be [batch=" + batch + ", Tq, nHeads*headDim=" + nHeads * headDim + "], shape is "
                        + Arrays.toString(q.shape()));
        Shapes.require(k.rank() == 3 && k.dim(0) == batch && k.dim(2) == nKvHeads * headDim,
                "Attention: k must be [batch=" + batch + ", Tk, nKvHeads*headDim=" + nKvHeads * headDim + "], shape is "
                        + Arrays.toString(k.shape()));
        Shapes.requireSame("Attention: k and v", k, v);
        int tq = q.dim(1);
        int tk = k.dim(1);
        Shapes.require(tq <= tk, "Attention: Tq (" + tq + ") must not exceed Tk (" + tk + "); q is "
                + Arrays.toString(q.shape()) + ", k is " + Arrays.toString(k.shape()));
        Shapes.require(keyMask == null || (keyMask.rank() == 2 && keyMask.dim(0) == batch && keyMask.dim(1) == tk),
                "Attention: keyMask must be [batch=" + batch + ", Tk=" + tk + "], shape is "
                        + (keyMask == null ? "null" : Arrays.toString(keyMask.shape())));

        Tensor out = Tensor.zeros(batch, tq, nHeads * headDim);
        if (tq == 0) {
            return out;
        }
        Geometry geo = new Geometry(batch, nHeads, nKvHeads, headDim, tq, tk, tk,
                keyMask == null ? null : keyMask.data());
        float[] lse = new float[batch * nHeads * tq];
        forward(geo, q.data(), k.data(), v.data(), out.data(), lse);
        if (Autograd.needsGrad(q, k, v)) {
            Autograd.record(out, () -> backward(geo, q, k, v, out, lse));
        }
        return out;
    }

    /**
     * Inference against a KV cache, read in place: keys and values are the first {@code tk}
     * rows of each batch element's {@code capacity} rows in {@code keys} / {@code values}
     * ([batch, capacity, nKvHeads * headDim]), so a generation step copies nothing. Records no
     * gradient: call it under {@link Autograd#noGrad()}.
     *
     * @param keyMask null, or an additive [batch * tk] mask as in {@link #causalSelfAttention}
     */
    public static Tensor cachedSelfAttention(Tensor q, float[] keys, float[] values, int capacity, int tk, int batch,
                                             int nHeads, int nKvHeads, int headDim, float[] keyMask) {
        Shapes.require(!Autograd.needsGrad(q), "Attention.cachedSelfAttention: the KV cache is for inference "
                + "(run it under Autograd.noGrad())");
        Shapes.require(batch > 0 && nHeads > 0 && nKvHeads > 0 && headDim > 0 && nHeads % nKvHeads == 0,
                "Attention: nHeads (" + nHeads + ") must be a positive multiple of nKvHeads (" + nKvHeads + ")");
        Shapes.require(q.rank() == 3 && q.dim(0) == batch && q.dim(2) == nHeads * headDim,
                "Attention: q must be [batch=" + batch + ", Tq, nHeads*headDim=" + nHeads * headDim + "], shape is "
                        + Arrays.toString(q.shape()));
        int tq = q.dim(1);
        Shapes.require(tq <= tk && tk <= capacity, "Attention: need Tq (" + tq + ") <= Tk (" + tk + ") <= capacity ("
                + capacity + ")");
        long cacheSize = (long) batch * capacity * nKvHeads * headDim;
        Shapes.require(keys.length >= cacheSize && values.length >= cacheSize,
                "Attention: the cache arrays hold fewer than batch * capacity * nKvHeads * headDim floats");
        Shapes.require(keyMask == null || keyMask.length == batch * tk, "Attention: keyMask must have batch * Tk = "
                + batch * tk + " entries, has " + (keyMask == null ? 0 : keyMask.length));
        Tensor out = Tensor.zeros(batch, tq, nHeads * headDim);
        if (tq == 0) {
            return out;
        }
        Geometry geo = new Geometry(batch, nHeads, nKvHeads, headDim, tq, tk, capacity, keyMask);
        forward(geo, q.data(), keys, values, out.data(), new float[batch * nHeads * tq]);
        return out;
    }

    /** Sizes and strides shared by forward and backward. */
    /** @param kvRows rows of k and v stored per batch element (tk, or a KV cache's capacity) */
    private record Geometry(int batch, int nHeads, int nKvHeads, int headDim, int tq, int tk, int kvRows, float[] mask) {
        int qWidth() {
            return nHeads * headDim;
        }

        int kvWidth() {
            return nKvHeads * headDim;
        }

        int kvHead(int h) {
            return h / (nHeads / nKvHeads);
        }

        int qOffset(int b, int h) {
            return b * tq * qWidth() + h * headDim;
        }

        int kvOffset(int b, int g) {
            return b * kvRows * kvWidth() + g * headDim;
        }

        float scale() {
            return (float) (1.0 / Math.sqrt(headDim));
        }

        int blockRows() {
            return Math.min(BLOCK, tq);
        }
    }

    private static void forward(Geometry geo, float[] qd, float[] kd, float[] vd, float[] od, float[] lse) {
        int tq = geo.tq();
        int tk = geo.tk();
        int d = geo.headDim();
        int qw = geo.qWidth();
        int kw = geo.kvWidth();
        Parallel.forRange(geo.batch() * geo.nHeads(), 1, (t0, t1) -> {
            float[] p = new float[geo.blockRows() * tk];
            for (int task = t0; task < t1; task++) {
                int b = task / geo.nHeads();
                int h = task % geo.nHeads();
                int qOff = geo.qOffset(b, h);
                int kvOff = geo.kvOffset(b, geo.kvHead(h));
                for (int i0 = 0; i0 < tq; i0 += BLOCK) {
                    int rows = Math.min(BLOCK, tq - i0);
                    int n = tk - tq + i0 + rows; // keys visible to the block's last row
                    Gemm.gemm(false, true, rows, n, d, qd, qOff + i0 * qw, qw, kd, kvOff, kw, p, 0, tk, false);
                    for (int r = 0; r < rows; r++) {
                        int i = i0 + r;
                        int visible = tk - tq + i + 1;
                        int po = r * tk;
                        scaleAndMask(p, po, visible, geo.scale(), geo.mask(), b * tk);
                        float max = Kernels.max(p, po, visible);
                        int row = task * tq + i;
                        if (max <= FULLY_MASKED) {
                            Arrays.fill(p, po, po + n, 0f);
                            lse[row] = Float.POSITIVE_INFINITY; // backward then recomputes p = 0
                            continue;
                        }
                        float sum = Softmax.scaledExp(p, po, 1f, max, 1f, p, po, visible, false);
                        Kernels.scale(1f / sum, p, po, visible);
                        Arrays.fill(p, po + visible, po + n, 0f);
                        lse[row] = max + (float) Math.log(sum);
                    }
                    Gemm.gemm(false, false, rows, d, n, p, 0, tk, vd, kvOff, kw, od, qOff + i0 * qw, qw, false);
                }
            }
        });
    }

    /**
     * One task per (batch, kv head): it owns dk and dv of that kv head and the dq of the query
     * heads that share it, so no two threads ever add into the same gradient element, and
     * the sum over the shared query heads runs in a fixed order.
     */
    private static void backward(Geometry geo, Tensor q, Tensor k, Tensor v, Tensor out, float[] lse) {
        int tq = geo.tq();
        int tk = geo.tk();
        int d = geo.headDim();
        int qw = geo.qWidth();
        int kw = geo.kvWidth();
        int group = geo.nHeads() / geo.nKvHeads();
        float scale = geo.scale();
        float[] qd = q.data();
        float[] kd = k.data();
        float[] vd = v.data();
        float[] od = out.data();
        float[] dout = out.grad();
        // gradient buffers are allocated lazily: take them here, before the threads start
        float[] dq = q.requiresGrad() ? q.gradBuffer() : null;
        float[] dk = k.requiresGrad() ? k.gradBuffer() : null;
        float[] dv = v.requiresGrad() ? v.gradBuffer() : null;
        boolean needScoresGrad = dq != null || dk != null;
        Parallel.forRange(geo.batch() * geo.nKvHeads(), 1, (t0, t1) -> {
            float[] p = new float[geo.blockRows() * tk];
            float[] dp = needScoresGrad ? new float[geo.blockRows() * tk] : null;
            for (int task = t0; task < t1; task++) {
                int b = task / geo.nKvHeads();
                int g = task % geo.nKvHeads();
                int kvOff = geo.kvOffset(b, g);
                for (int h = g * group; h < (g + 1) * group; h++) {
                    int qOff = geo.qOffset(b, h);
                    int lseOff = (b * geo.nHeads() + h) * tq;
                    for (int i0 = 0; i0 < tq; i0 += BLOCK) {
                        int rows = Math.min(BLOCK, tq - i0);
                        int n = tk - tq + i0 + rows;
                        int qBlock = qOff + i0 * qw;
                        // recompute the probabilities from the saved log-sum-exp
                        Gemm.gemm(false, true, rows, n, d, qd, qBlock, qw, kd, kvOff, kw, p, 0, tk, false);
                        for (int r = 0; r < rows; r++) {
                            int visible = tk - tq + i0 + r + 1;
                            int po = r * tk;
                            scaleAndMask(p, po, visible, scale, geo.mask(), b * tk);
                            Softmax.scaledExp(p, po, 1f, lse[lseOff + i0 + r], 1f, p, po, visible, false);
                            Arrays.fill(p, po + visible, po + n, 0f);
                        }
                        if (dv != null) { // dv += p^T dout
                            Gemm.gemm(true, false, n, d, rows, p, 0, tk, dout, qBlock, qw, dv, kvOff, kw, true);
                        }
                        if (!needScoresGrad) {
                            continue;
                        }
                        // dp = dout v^T; then ds = p * (dp - rowsum(dout * out)) * scale, in dp
                        Gemm.gemm(false, true, rows, n, d, dout, qBlock, qw, vd, kvOff, kw, dp, 0, tk, false);
                        for (int r = 0; r < rows; r++) {
                            int o = qBlock + r * qw;
                            float rowDot = Kernels.dot(dout, o, od, o, d);
                            softmaxGrad(p, dp, r * tk, n, rowDot, scale);
                        }
                        if (dq != null) { // dq += ds k
                            Gemm.gemm(false, false, rows, d, n, dp, 0, tk, kd, kvOff, kw, dq, qBlock, qw, true);
                        }
                        if (dk != null) { // dk += ds^T q
                            Gemm.gemm(true, false, n, d, rows, dp, 0, tk, qd, qBlock, qw, dk, kvOff, kw, true);
                        }
                    }
                }
            }
        });
    }

    /** s[o..o+n) = s * scale + mask[m..m+n) (mask may be null). */
    private static void scaleAndMask(float[] s, int o, int n, float scale, float[] mask, int m) {
        if (mask == null) {
            Kernels.scale(scale, s, o, n);
            return;
        }
        FloatVector vs = FloatVector.broadcast(F, scale);
        int j = 0;
        for (int bound = F.loopBound(n); j < bound; j += LANES) {
            FloatVector.fromArray(F, s, o + j).fma(vs, FloatVector.fromArray(F, mask, m + j)).intoArray(s, o + j);
        }
        for (; j < n; j++) {
            s[o + j] = s[o + j] * scale + mask[m + j];
        }
    }

    /** dp[o..o+n) = p * (dp - rowDot) * scale: the softmax backward, with the score scale folded in. */
    private static void softmaxGrad(float[] p, float[] dp, int o, int n, float rowDot, float scale) {
        FloatVector vd = FloatVector.broadcast(F, rowDot);
        FloatVector vs = FloatVector.broadcast(F, scale);
        int j = 0;
        for (int bound = F.loopBound(n); j < bound; j += LANES) {
            FloatVector pv = FloatVector.fromArray(F, p, o + j);
            FloatVector.fromArray(F, dp, o + j).sub(vd).mul(pv).mul(vs).intoArray(dp, o + j);
        }
        for (; j < n; j++) {
            dp[o + j] = (dp[o + j] - rowDot) * p[o + j] * scale;
        }
    }
}
