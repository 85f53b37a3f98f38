package org.rlhf4j.tensor;

import static org.rlhf4j.tensor.GemmMicroKernel.MR;
import static org.rlhf4j.tensor.GemmMicroKernel.NR;

/**
 * Per-thread scratch of the GEMM: packed panels of A and B and one spare C tile. Each thread
 * of the pool keeps its own and reuses it across calls, so the hot loop allocates nothing;
 * arrays grow to the largest block a thread has needed (about 1 MB for B).
 *
 * <p>Whether the packed B panels start on a 64-byte line moves the kernel by 10-15% (145 vs
 * 165 GFLOP/s on 1024x3072x768): every vector load of B then touches one cache line, not two.
 * Heap arrays are normally only 8-byte aligned, and a 64-byte-aligned off-heap segment costs
 * as much again in bounds checks. So the launcher runs the JVM with
 * {@code -XX:ObjectAlignmentInBytes=64}: every array then starts on a 64-byte line (the
 * garbage collector keeps that when it moves it) and the panels start {@link #B_PAD} floats
 * in, past the array header. Without the flag the pad is 0 and alignment is left to chance.
 */
final class GemmBuffers {
    private static final ThreadLocal<GemmBuffers> LOCAL = ThreadLocal.withInitial(GemmBuffers::new);

    static final int CACHE_LINE = 64;

    /** Floats to skip at the start of the packed B array so the panels start on a cache line. */
    static final int B_PAD = alignmentPad();

    private static int alignmentPad() {
        try {
            var vm = java.lang.management.ManagementFactory.getPlatformMXBean(
                    com.sun.management.HotSpotDiagnosticMXBean.class);
            int objectAlignment = Integer.parseInt(vm.getVMOption("ObjectAlignmentInBytes").getValue());
            if (objectAlignment % CACHE_LINE != 0) {
                return 0;
            }
            @SuppressWarnings("removal")
            int base = sun.misc.Unsafe.ARRAY_FLOAT_BASE_OFFSET;
            return (CACHE_LINE - base % CACHE_LINE) % CACHE_LINE / Float.BYTES;
        } catch (RuntimeException | LinkageError e) {
            return 0; // not HotSpot, or the option is unknown: alignment stays to chance
        }
    }

    private float[] packedA = new float[0];
    private float[] packedB = new float[0];
    final float[] tile = new float[MR * NR];
    /** Outputs and parked accumulators of SmallGemm's dot kernels. */
    final float[] dotScratch = new float[SmallGemm.SCRATCH];

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
