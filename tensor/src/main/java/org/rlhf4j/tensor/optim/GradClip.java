package org.rlhf4j.tensor.optim;

import java.util.List;
import org.rlhf4j.tensor.Kernels;
import org.rlhf4j.tensor.Tensor;

/** Global-norm gradient clipping, as torch.nn.utils.clip_grad_norm_. */
public final class GradClip {
    private GradClip() {}

    /** The L2 norm of all gradients together (parameters without a gradient count as 0). */
    public static double globalNorm(List<Tensor> params) {
        double sq = 0;
        for (Tensor p : params) {
            float[] g = p.grad();
            if (g == null) {
                continue;
            }
            for (float x : g) {
                sq += (double) x * x;
            }
        }
        return Math.sqrt(sq);
    }

    /**
     * Scales all gradients by {@code maxNorm / (norm + 1e-6)} when the global norm exceeds
     * {@code maxNorm}. Returns the norm before clipping (the figure worth logging); a
     * non-finite norm is returned unchanged and the gradients are left alone, so the caller
     * can report it and skip the step.
     */
    public static double clipGlobalNorm(List<Tensor> params, double maxNorm) {
        double norm = globalNorm(params);
        if (!Double.isFinite(norm) || norm <= maxNorm) {
            return norm;
        }
        float coef = (float) (maxNorm / (norm + 1e-6));
        for (Tensor p : params) {
            if (p.grad() != null) {
                Kernels.scale(coef, p.grad(), 0, p.size());
            }
        }
        return norm;
    }
}
