package org.rlhf4j.train.ppo;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.rlhf4j.tensor.Tensor;
import org.rlhf4j.tensor.optim.ParameterStore;

/**
 * An exponential moving average of the policy's weights, {@code ema = decay * ema + (1 - decay) * w}
 * after every optimizer step; InstructGPT (decay 0.992) saves it, not the last weights, as the
 * final policy. Checkpoints keep it beside the live weights.
 */
final class PolicyEma {
    static final String FILE = "policy_ema.safetensors";

    private final List<Tensor> params;
    private final List<Tensor> shadow = new ArrayList<>();
    private final float decay;

    PolicyEma(List<Tensor> params, double decay) {
        this.params = List.copyOf(params);
        this.decay = (float) decay;
        for (Tensor p : params) {
            shadow.add(Tensor.parameter(p.name(), p.data().clone(), p.shape()));
        }
    }

    void update() {
        for (int i = 0; i < params.size(); i++) {
            float[] w = params.get(i).data();
            float[] e = shadow.get(i).data();
            for (int j = 0; j < w.length; j++) {
                e[j] = decay * e[j] + (1 - decay) * w[j];
            }
        }
    }

    /** The averaged weights, in the policy's order. */
    List<Tensor> weights() {
        return shadow;
    }

    /** Puts the averaged weights into the policy (before it is saved as the final model). */
    void copyIntoPolicy() {
        for (int i = 0; i < params.size(); i++) {
            System.arraycopy(shadow.get(i).data(), 0, params.get(i).data(), 0, params.get(i).size());
        }
    }

    void save(Path dir) {
        ParameterStore.save(dir.resolve(FILE), shadow, Map.of());
    }

    void load(Path dir) {
        ParameterStore.load(dir.resolve(FILE), shadow);
    }
}
