package org.rlhf4j.tensor.ops;

import org.rlhf4j.tensor.Autograd;
import org.rlhf4j.tensor.Rng;
import org.rlhf4j.tensor.Tensor;

/** Inverted dropout: kept elements are scaled by 1 / (1 - p) so evaluation needs no rescaling. */
public final class Dropout {
    private Dropout() {}

    /**
     * Zeroes each element with probability p and scales the rest by 1 / (1 - p). Returns
     * {@code x} itself, recording nothing, when not training or when p == 0. The mask takes
     * x.size() draws from {@code rng} (advancing its counter), so the same seed and counter
     * give the same mask for any thread count. p == 1 drops everything.
     */
    public static Tensor apply(Tensor x, float p, Rng rng, boolean training) {
        if (!(p >= 0f && p <= 1f)) {
            throw new IllegalArgumentException("dropout: p must be in [0, 1], got " + p);
        }
        if (!training || p == 0f) {
            return x;
        }
        int n = x.size();
        float keepScale = p == 1f ? 0f : 1f / (1f - p);
        // The mask holds the factor each element is multiplied by: 0 or 1 / (1 - p).
        float[] mask = new float[n];
        rng.fillUniform(mask, 0, n, 0f, 1f);
        float[] xd = x.data();
        Tensor out = Tensor.zeros(x.shape());
        float[] od = out.data();
        Split.elements(n, (from, to) -> {
            for (int i = from; i < to; i++) {
                mask[i] = mask[i] < p ? 0f : keepScale;
                od[i] = xd[i] * mask[i];
            }
        });
        if (Autograd.needsGrad(x)) {
            Autograd.record(out, () -> {
                float[] dout = out.grad();
                float[] dx = x.gradBuffer();
                Split.elements(n, (from, to) -> {
                    for (int i = from; i < to; i++) {
                        dx[i] += dout[i] * mask[i];
                    }
                });
            });
        }
        return out;
    }
}
