package org.rlhf4j.model;

/** The decoder families rlhf4j implements. */
public enum Architecture {
    /** Learned positions, layernorm, GELU MLP, biases everywhere, tied embeddings. */
    GPT2,
    /** RoPE, RMSNorm, SwiGLU MLP, grouped-query attention (Llama 2/3, Qwen2, SmolLM, TinyLlama, Mistral). */
    LLAMA
}
