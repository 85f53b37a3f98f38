package org.rlhf4j.tensor.ops;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.rlhf4j.tensor.Autograd;
import org.rlhf4j.tensor.Kernels;
import org.rlhf4j.tensor.Parallel;
import org.rlhf4j.tensor.Tensor;

/**
 * LayerNorm (GPT-2) and RMSNorm (Llama) over the last axis. Forward saves each row's mean
 * and 1/std for backward. The gamma and beta gradients are sums over all rows: backward
 * cuts the rows into fixed-size chunks, sums each chunk on one thread and adds the chunk
 * sums in chunk order, so they are bit-identical for any thread count.
 */
public final class Norms {
    private Norms() {}

    private static final VectorSpecies<Float> F = Kernels.F;

    /** y = (x - mean) / sqrt(var + eps) * gamma + beta per row; gamma, beta [C] (beta may be null). */
    public static Tensor layerNorm(Tensor x, Tensor gamma, Tensor beta, float eps) {
        int rows = x.rows();
        int c = x.cols();
        checkParam("layerNorm", "gamma", x, gamma);
        if (beta != null) {
            checkParam("layerNorm", "beta", x, beta);
        }
        float[] xd = x.data();
        float[] g = gamma.data();
        float[] b = beta == null ? null : beta.data();
        Tensor out = Tensor.zeros(x.shape());
        float[] od = out.data();
        float[] mean = new float[rows];
        float[] rstd = new float[rows];
        Split.rows(rows, c, (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                int o = r * c;
                float m = Kernels.sum(xd, o, c) / c;
                // Two passes (mean, then squared deviations) avoid E[x^2] - E[x]^2 cancellation.
                float var = sumSquaredDeviations(xd, o, c, m) / c;
                float s = (float) (1.0 / Math.sqrt(var + eps));
                mean[r] = m;
                rstd[r] = s;
                normalizeRow(xd, o, c, m, s, g, b, od);
            }
        });
        if (Autograd.needsGrad(x, gamma, beta)) {
            Autograd.record(out, () -> backward(x, gamma, beta, out.grad(), mean, rstd));
        }
        return out;
    }

    /** y = x / sqrt(mean(x^2) + eps) * gamma per row; gamma [C]. */
    public static Tensor rmsNorm(Tensor x, Tensor gamma, float eps) {
        int rows = x.rows();
        int c = x.cols();
        checkParam("rmsNorm", "gamma", x, gamma);
        float[] xd = x.data();
        float[] g = gamma.data();
        Tensor out = Tensor.zeros(x.shape());
        float[] od = out.data();
        float[] rstd = new float[rows];
        Split.rows(rows, c, (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                int o = r * c;
                float ms = Kernels.dot(xd, o, xd, o, c) / c;
                float s = (float) (1.0 / Math.sqrt(ms + eps));
                rstd[r] = s;
                normalizeRow(xd, o, c, 0f, s, g, null, od);
            }
        });
        if (Autograd.needsGrad(x, gamma)) {
            // RMSNorm is LayerNorm without centring and without beta: the same backward with mean 0.
            Autograd.record(out, () -> backward(x, gamma, null, out.grad(), null, rstd));
        }
        return out;
    }

    private static void checkParam(String op, String what, Tensor x, Tensor p) {
        if (x.rank() == 0 || p.rank() != 1 || p.dim(0) != x.cols()) {
            throw new IllegalArgumentException(op + ": " + what + " " + Arrays.toString(p.shape())
                    + " does not fit x " + Arrays.toString(x.shape()) + " (expected [" + x.cols() + "])");
        }
    }

    private static float sumSquaredDeviations(float[] x, int o, int n, float m) {
        FloatVector vm = FloatVector.broadcast(F, m);
        FloatVector acc = FloatVector.zero(F);
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += F.length()) {
            FloatVector dev = FloatVector.fromArray(F, x, o + i).sub(vm);
            acc = dev.fma(dev, acc);
        }
        float s = Kernels.sumLanes(acc);
        for (; i < n; i++) {
            float dev = x[o + i] - m;
            s += dev * dev;
        }
        return s;
    }

    /** out = (x - m) * s * g + b over one row (b may be null). */
    private static void normalizeRow(float[] x, int o, int n, float m, float s, float[] g, float[] b, float[] out) {
        FloatVector vm = FloatVector.broadcast(F, m);
        FloatVector vs = FloatVector.broadcast(F, s);
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += F.length()) {
            FloatVector xhat = FloatVector.fromArray(F, x, o + i).sub(vm).mul(vs);
            FloatVector y = xhat.mul(FloatVector.fromArray(F, g, i));
            if (b != null) {
                y = y.add(FloatVector.fromArray(F, b, i));
            }
            y.intoArray(out, o + i);
        }
        for (; i < n; i++) {
            float y = (x[o + i] - m) * s * g[i];
            out[o + i] = b == null ? y : y + b[i];
        }
    }

    /**
     * Shared backward (llm.c's layernorm_backward). With xhat = (x - mean) * rstd and
     * dnorm = dout * gamma: dx = rstd * (dnorm - mean(dnorm) - xhat * mean(dnorm * xhat)),
     * dgamma = sum over rows of dout * xhat, dbeta = sum over rows of dout.
     * {@code mean == null} means RMSNorm: no centring, so the mean(dnorm) term drops out.
     */
    private static void backward(Tensor x, Tensor gamma, Tensor beta, float[] dout, float[] mean, float[] rstd) {
        int rows = x.rows();
        int c = x.cols();
        float[] xd = x.data();
        float[] g = gamma.data();
        float[] dx = x.requiresGrad() ? x.gradBuffer() : null;
        boolean wantGamma = gamma.requiresGrad();
        boolean wantBeta = beta != null && beta.requiresGrad();
        // Chunk size depends on the shape only, never on the thread count.
        int chunkRows = Math.max(1, Split.MIN_ELEMENTS_PER_THREAD / Math.max(1, c));
        int chunks = (rows + chunkRows - 1) / chunkRows;
        float[] dgammaParts = wantGamma ? new float[chunks * c] : null;
        float[] dbetaParts = wantBeta ? new float[chunks * c] : null;
        Parallel.forRange(chunks, 1, (k0, k1) -> {
            for (int k = k0; k < k1; k++) {
                int rEnd = Math.min(rows, (k + 1) * chunkRows);
                for (int r = k * chunkRows; r < rEnd; r++) {
                    backwardRow(xd, dout, g, r * c, c, mean == null ? 0f : mean[r], rstd[r], mean != null,
                            dx, dgammaParts, dbetaParts, k * c);
                }
            }
        });
        if (wantGamma) {
            addChunkSums(dgammaParts, chunks, c, gamma.gradBuffer());
        }
        if (wantBeta) {
            addChunkSums(dbetaParts, chunks, c, beta.gradBuffer());
        }
    }

    /**
     * One row of the backward pass: adds into dx (when not null) and into the chunk's partial
     * gamma and beta gradients at {@code p} (when not null). Two passes over the row: first
     * the two row means the dx formula needs, then the updates.
     */
    private static void backwardRow(float[] x, float[] dout, float[] g, int o, int n, float m, float s, boolean centred,
                                    float[] dx, float[] dgamma, float[] dbeta, int p) {
        FloatVector vm = FloatVector.broadcast(F, m);
        FloatVector vs = FloatVector.broadcast(F, s);
        int bound = F.loopBound(n);
        FloatVector dnormSum = FloatVector.zero(F);
        FloatVector dnormXhatSum = FloatVector.zero(F);
        int i = 0;
        for (; i < bound; i += F.length()) {
            FloatVector xhat = FloatVector.fromArray(F, x, o + i).sub(vm).mul(vs);
            FloatVector dnorm = FloatVector.fromArray(F, dout, o + i).mul(FloatVector.fromArray(F, g, i));
            dnormSum = dnormSum.add(dnorm);
            dnormXhatSum = dnorm.fma(xhat, dnormXhatSum);
        }
        float sumDnorm = Kernels.sumLanes(dnormSum);
        float sumDnormXhat = Kernels.sumLanes(dnormXhatSum);
        for (; i < n; i++) {
            float dnorm = dout[o + i] * g[i];
            sumDnorm += dnorm;
            sumDnormXhat += dnorm * (x[o + i] - m) * s;
        }
        float dnormMean = centred ? sumDnorm / n : 0f;
        float dnormXhatMean = sumDnormXhat / n;

        i = 0;
        for (; i < bound; i += F.length()) {
            FloatVector xhat = FloatVector.fromArray(F, x, o + i).sub(vm).mul(vs);
            FloatVector d = FloatVector.fromArray(F, dout, o + i);
            if (dx != null) {
                FloatVector dnorm = d.mul(FloatVector.fromArray(F, g, i));
                FloatVector update = dnorm.sub(dnormMean).sub(xhat.mul(dnormXhatMean)).mul(vs);
                FloatVector.fromArray(F, dx, o + i).add(update).intoArray(dx, o + i);
            }
            if (dgamma != null) {
                d.fma(xhat, FloatVector.fromArray(F, dgamma, p + i)).intoArray(dgamma, p + i);
            }
            if (dbeta != null) {
                FloatVector.fromArray(F, dbeta, p + i).add(d).intoArray(dbeta, p + i);
            }
        }
        for (; i < n; i++) {
            float xhat = (x[o + i] - m) * s;
            float d = dout[o + i];
            if (dx != null) {
                dx[o + i] += (d * g[i] - dnormMean - xhat * dnormXhatMean) * s;
            }
            if (dgamma != null) {
                dgamma[p + i] += d * xhat;
            }
            if (dbeta != null) {
                dbeta[p + i] += d;
            }
        }
    }

    private static void addChunkSums(float[] parts, int chunks, int c, float[] dst) {
        for (int k = 0; k < chunks; k++) {
            Kernels.addInto(parts, k * c, dst, 0, c);
        }
    }
}
