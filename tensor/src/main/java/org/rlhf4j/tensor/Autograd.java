package org.rlhf4j.tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * Reverse-mode autograd over coarse ops. Each op that produces a tensor needing gradients
 * records one backward function on the current thread's tape; {@link #backward(Tensor)}
 * runs them newest first. A backward function reads its output's gradient and adds
 * (never assigns) into its inputs' gradient buffers, so a tensor used twice gets the sum.
 *
 * <p>The tape is per thread: a thread that runs a frozen reference model under
 * {@link #noGrad()} never touches the training thread's graph.
 */
public final class Autograd {
    private Autograd() {}

    private record Node(Tensor output, Runnable backward) {}

    private static final class State {
        final List<Node> tape = new ArrayList<>();
        boolean enabled = true;
    }

    private static final ThreadLocal<State> STATE = ThreadLocal.withInitial(State::new);

    /** Restores the previous grad mode when closed. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    /** Inference mode: ops record nothing and outputs never require gradients. */
    public static Scope noGrad() {
        State s = STATE.get();
        boolean previous = s.enabled;
        s.enabled = false;
        return () -> s.enabled = previous;
    }

    /** True when grad mode is on and at least one input requires gradients. */
    public static boolean needsGrad(Tensor... inputs) {
        if (!STATE.get().enabled) {
            return false;
        }
        for (Tensor t : inputs) {
            if (t != null && t.requiresGrad()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Marks {@code output} as requiring gradients and records how to push its gradient back.
     * Ops call this only after {@link #needsGrad} said yes.
     */
    public static void record(Tensor output, Runnable backward) {
        output.requiresGrad(true);
        STATE.get().tape.add(new Node(output, backward));
    }

    /** Backward from a one-element loss (seed gradient 1). */
    public static void backward(Tensor loss) {
        if (loss.size() != 1) {
            throw new IllegalArgumentException("backward() without a seed needs a scalar; use backward(out, seed)");
        }
        backward(loss, new float[] {1f});
    }

    /**
     * Backward from {@code output} with upstream gradient {@code seed}; runs the whole tape and
     * clears it. Tensors the output does not depend on are skipped (their gradient is null).
     */
    public static void backward(Tensor output, float[] seed) {
        if (!output.requiresGrad()) {
            throw new IllegalStateException("backward(): the output does not require gradients (no parameter reached it, or it was computed under noGrad)");
        }
        if (seed.length != output.size()) {
            throw new IllegalArgumentException("seed has " + seed.length + " elements, output has " + output.size());
        }
        Kernels.addInto(seed, 0, output.gradBuffer(), 0, seed.length);
        List<Node> tape = STATE.get().tape;
        try {
            for (int i = tape.size() - 1; i >= 0; i--) {
                Node node = tape.get(i);
                if (node.output.grad() != null) {
                    node.backward.run();
                }
                // Every consumer of this output ran before it (the tape is in order), so its
                // gradient is complete and now spent: dropping it and the node lets the
                // activations the node held be collected while backward goes on, which halves
                // the peak memory of a training step.
                if (node.output != output) {
                    node.output.clearGrad();
                }
                tape.set(i, null);
            }
        } finally {
            tape.clear();
        }
    }

    /** Forgets the recorded graph without running it (e.g. after an evaluation with grad on). */
    public static void clearTape() {
        STATE.get().tape.clear();
    }

    /** Number of recorded backward functions on this thread (for tests and diagnostics). */
    public static int tapeSize() {
        return STATE.get().tape.size();
    }
}
