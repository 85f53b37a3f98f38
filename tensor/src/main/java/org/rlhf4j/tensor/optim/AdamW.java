package org.rlhf4j.tensor.optim;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import jdk.incubator.vector.FloatVector;
import org.rlhf4j.tensor.Kernels;
import org.rlhf4j.tensor.Parallel;
import org.rlhf4j.tensor.Tensor;
import org.rlhf4j.tensor.io.DType;
import org.rlhf4j.tensor.io.SafetensorsException;
import org.rlhf4j.tensor.io.SafetensorsReader;
import org.rlhf4j.tensor.io.SafetensorsWriter;

/**
 * Adam with decoupled weight decay (Loshchilov and Hutter), the update of torch.optim.AdamW:
 * <pre>
 *   p -= lr * weightDecay * p                      (only for parameters that decay)
 *   m  = beta1 * m + (1 - beta1) * g
 *   v  = beta2 * v + (1 - beta2) * g^2
 *   p -= lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
 * </pre>
 * Parameters without a gradient are left untouched (their moments are not decayed).
 */
public final class AdamW {
    /** Hyperparameters; the paper's PPO uses betas (0.9, 0.95). */
    public record Config(double beta1, double beta2, double eps, double weightDecay) {
        public Config {
            if (beta1 < 0 || beta1 >= 1 || beta2 < 0 || beta2 >= 1) {
                throw new IllegalArgumentException("AdamW betas must be in [0, 1): " + beta1 + ", " + beta2);
            }
            if (eps <= 0 || weightDecay < 0) {
                throw new IllegalArgumentException("AdamW needs eps > 0 and weightDecay >= 0");
            }
        }

        /** PyTorch's defaults: betas (0.9, 0.999), eps 1e-8, weight decay 0.01. */
        public static Config defaults() {
            return new Config(0.9, 0.999, 1e-8, 0.01);
        }
    }

    /** The usual rule: matrices decay, vectors (biases, norm gains) do not. */
    public static final Predicate<Tensor> DECAY_MATRICES = p -> p.rank() >= 2;

    private final List<Tensor> params;
    /** Each parameter's key in the saved state: its name, with "#n" on the n-th repeat of a name (PPO's policy and value share names). */
    private final String[] keys;
    private final boolean[] decays;
    private final float[][] m;
    private final float[][] v;
    private final Config config;
    private long step;

    public AdamW(List<Tensor> params, Config config) {
        this(params, config, DECAY_MATRICES);
    }

    public AdamW(List<Tensor> params, Config config, Predicate<Tensor> decays) {
        this.params = List.copyOf(params);
        this.config = config;
        this.decays = new boolean[params.size()];
        this.keys = new String[params.size()];
        Map<String, Integer> seen = new java.util.HashMap<>();
        this.m = new float[params.size()][];
        this.v = new float[params.size()][];
        for (int i = 0; i < params.size(); i++) {
            Tensor p = this.params.get(i);
            if (p.name() == null) {
                throw new IllegalArgumentException("AdamW: parameter " + i + " has no name (names key the saved state)");
            }
            int repeat = seen.merge(p.name(), 1, Integer::sum) - 1;
            this.keys[i] = repeat == 0 ? p.name() : p.name() + "#" + repeat;
            this.decays[i] = decays.test(p);
            this.m[i] = new float[p.size()];
            this.v[i] = new float[p.size()];
        }
    }

    public List<Tensor> params() {
        return params;
    }

    public Config config() {
        return config;
    }

    /** Updates taken so far. */
    public long step() {
        return step;
    }

    /** One update with learning rate {@code lr}, from the gradients now accumulated. */
    public void step(double lr) {
        step++;
        double bc1 = 1 - Math.pow(config.beta1, step);
        double bc2 = 1 - Math.pow(config.beta2, step);
        float stepSize = (float) (lr / bc1);
        float invSqrtBc2 = (float) (1 / Math.sqrt(bc2));
        // Coefficients in double, then rounded once: 1 - (float) 0.999 would be off by 1e-5 relative.
        Coefficients k = new Coefficients((float) config.beta1, (float) config.beta2,
                (float) (1 - config.beta1), (float) (1 - config.beta2));
        float eps = (float) config.eps;
        for (int i = 0; i < params.size(); i++) {
            Tensor p = params.get(i);
            float[] g = p.grad();
            if (g == null) {
                continue;
            }
            float decay = decays[i] ? (float) (1 - lr * config.weightDecay) : 1f;
            update(p.data(), g, m[i], v[i], p.size(), decay, k, stepSize, invSqrtBc2, eps);
        }
    }

    private record Coefficients(float beta1, float beta2, float oneMinusBeta1, float oneMinusBeta2) {}

    private static void update(float[] w, float[] g, float[] m, float[] v, int n, float decay,
                               Coefficients k, float stepSize, float invSqrtBc2, float eps) {
        Parallel.forRange(n, 1 << 15, (from, to) -> {
            var F = Kernels.F;
            FloatVector vb1 = FloatVector.broadcast(F, k.beta1);
            FloatVector vb2 = FloatVector.broadcast(F, k.beta2);
            FloatVector c1 = FloatVector.broadcast(F, k.oneMinusBeta1);
            FloatVector c2 = FloatVector.broadcast(F, k.oneMinusBeta2);
            FloatVector vDecay = FloatVector.broadcast(F, decay);
            FloatVector vStep = FloatVector.broadcast(F, stepSize);
            FloatVector vBc2 = FloatVector.broadcast(F, invSqrtBc2);
            FloatVector vEps = FloatVector.broadcast(F, eps);
            int i = from;
            for (int bound = from + F.loopBound(to - from); i < bound; i += Kernels.LANES) {
                FloatVector gi = FloatVector.fromArray(F, g, i);
                FloatVector mi = FloatVector.fromArray(F, m, i).mul(vb1).add(gi.mul(c1));
                FloatVector vi = FloatVector.fromArray(F, v, i).mul(vb2).add(gi.mul(gi).mul(c2));
                mi.intoArray(m, i);
                vi.intoArray(v, i);
                FloatVector denom = vi.sqrt().mul(vBc2).add(vEps);
                FloatVector wi = FloatVector.fromArray(F, w, i).mul(vDecay);
                wi.sub(mi.mul(vStep).div(denom)).intoArray(w, i);
            }
            for (; i < to; i++) {
                float gi = g[i];
                m[i] = k.beta1 * m[i] + gi * k.oneMinusBeta1;
                v[i] = k.beta2 * v[i] + gi * gi * k.oneMinusBeta2;
                float denom = (float) Math.sqrt(v[i]) * invSqrtBc2 + eps;
                w[i] = w[i] * decay - stepSize * m[i] / denom;
            }
        });
    }

    /** Sets every parameter's gradient to zero (keeps the buffers). */
    public void zeroGrad() {
        for (Tensor p : params) {
            p.zeroGrad();
        }
    }

    /** Second-moment estimate of a parameter (for tests and diagnostics). */
    public float[] secondMoment(int index) {
        return v[index];
    }

    /**
     * Saves the moments and step count as safetensors ({@code <name>.exp_avg},
     * {@code <name>.exp_avg_sq}, metadata {@code step}), fp32 so a restore is exact.
     */
    public void save(Path file) {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (int i = 0; i < params.size(); i++) {
            Tensor p = params.get(i);
            tensors.put(keys[i] + ".exp_avg", Tensor.of(m[i], p.shape()));
            tensors.put(keys[i] + ".exp_avg_sq", Tensor.of(v[i], p.shape()));
        }
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", "rlhf4j-adamw");
        meta.put("step", Long.toString(step));
        meta.put("config", config.toString());
        SafetensorsWriter.write(file, tensors, meta, DType.F32);
    }

    /** Restores state written by {@link #save}; parameter names and shapes must match. */
    public void load(Path file) {
        try (SafetensorsReader r = new SafetensorsReader(file)) {
            String stepText = r.metadata().get("step");
            if (!"rlhf4j-adamw".equals(r.metadata().get("format")) || stepText == null) {
                throw new SafetensorsException(file + ": not an rlhf4j AdamW state file (metadata format/step missing)");
            }
            List<float[]> newM = new ArrayList<>();
            List<float[]> newV = new ArrayList<>();
            for (int i = 0; i < params.size(); i++) {
                Tensor p = params.get(i);
                for (String suffix : new String[] {".exp_avg", ".exp_avg_sq"}) {
                    String name = keys[i] + suffix;
                    if (!r.contains(name)) {
                        throw new SafetensorsException(file + ": no optimizer state for parameter " + p.name() + " (tensor " + name + ")");
                    }
                    Tensor t = r.read(name);
                    if (!Arrays.equals(t.shape(), p.shape())) {
                        throw new SafetensorsException(file + ": tensor " + name + " has shape " + Arrays.toString(t.shape())
                                + " but parameter " + p.name() + " has " + Arrays.toString(p.shape()));
                    }
                    (suffix.equals(".exp_avg") ? newM : newV).add(t.data());
                }
            }
            for (int i = 0; i < params.size(); i++) {
                m[i] = newM.get(i);
                v[i] = newV.get(i);
            }
            step = Long.parseLong(stepText);
        }
    }
}
