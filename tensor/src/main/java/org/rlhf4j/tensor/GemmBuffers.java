package org.rlhf4j.tensor;

import static org.rlhf4j.tensor.GemmMicroKernel.MR;
import static org.rlhf4j.tensor.GemmMicroKernel.NR;

/**
 * Per-thread scratch of the GEMM: packed panels of A and B and one spare C tile. Each thread
 * of the pool keeps its own and reuses it across calls, so the hot loop allocates nothing;
 * arrays grow to the largest block a thread has needed (about 1 MB for B).
 *
 * <p>Heap arrays are only 8-byte aligned, and whether the packed B panel happens to start on a
 * 64-byte line moves the kernel by 10-15% (one JVM run to the next, 145 vs 165 GFLOP/s on
 * 1024x3072x768). A 64-byte-aligned off-heap segment fixed the alignment but its bounds
 * checks cost as much again, so the buffers stay plain arrays.
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
