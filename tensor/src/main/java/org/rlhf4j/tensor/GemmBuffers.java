package org.rlhf4j.tensor;

import static org.rlhf4j.tensor.GemmMicroKernel.MR;
import static org.rlhf4j.tensor.GemmMicroKernel.NR;

/**
 * Per-thread scratch of the GEMM: packed panels of A and B and one spare C tile. Each thread
 * of the pool keeps its own and reuses it across calls, so the hot loop allocates nothing;
 * arrays grow to the largest block a thread has needed (at most about 2 MB for B).
 */
final class GemmBuffers {
    private static final ThreadLocal<GemmBuffers> LOCAL = ThreadLocal.withInitial(GemmBuffers::new);

    private float[] packedA = new float[0];
    private float[] packedB = new float[0];
    final float[] tile = new float[MR * NR];

    private GemmBuffers() {}

    static GemmBuffers get() {
        return LOCAL.get();
    }

    float[] packedA(int size) {
        if (packedA.length < size) {
            packedA = new float[size];
        }
        return packedA;
    }

    float[] packedB(int size) {
        if (packedB.length < size) {
            packedB = new float[size];
        }
        return packedB;
    }
}
