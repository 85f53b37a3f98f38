package org.rlhf4j.model;

/**
 * How RoPE frequencies are rescaled for long contexts, as {@code rope_scaling} in a
 * Hugging Face config. Two kinds are implemented: {@code linear} (every frequency divided
 * by the factor) and {@code llama3} (Llama 3.1: low frequencies divided by the factor, high
 * ones kept, a smooth blend between).
 */
public record RopeScaling(String type, double factor, double lowFreqFactor, double highFreqFactor,
                          int originalMaxPositions) {

    public RopeScaling {
        if (!type.equals("linear") && !type.equals("llama3")) {
            throw new IllegalArgumentException("rope_scaling type '" + type + "' is not supported (linear, llama3 are)");
        }
        if (!(factor > 0)) {
            throw new IllegalArgumentException("rope_scaling factor must be positive, got " + factor);
        }
        if (type.equals("llama3") && !(highFreqFactor > lowFreqFactor && originalMaxPositions > 0)) {
            throw new IllegalArgumentException("llama3 rope_scaling needs high_freq_factor > low_freq_factor and "
                    + "original_max_position_embeddings > 0");
        }
    }

    /** The rescaled inverse frequencies (transformers' {@code _compute_llama3_parameters} and linear rule). */
    public double[] apply(double[] invFreq) {
        double[] out = new double[invFreq.length];
        for (int i = 0; i < invFreq.length; i++) {
            if (type.equals("linear")) {
                out[i] = invFreq[i] / factor;
                continue;
            }
            double lowFreqWavelen = originalMaxPositions / lowFreqFactor;
            double highFreqWavelen = originalMaxPositions / highFreqFactor;
            double wavelen = 2 * Math.PI / invFreq[i];
            if (wavelen < highFreqWavelen) {
                out[i] = invFreq[i];
            } else if (wavelen > lowFreqWavelen) {
                out[i] = invFreq[i] / factor;
            } else {
                double smooth = (originalMaxPositions / wavelen - lowFreqFactor) / (highFreqFactor - lowFreqFactor);
                out[i] = (1 - smooth) * invFreq[i] / factor + smooth * invFreq[i];
            }
        }
        return out;
    }
}
