package org.rlhf4j.tensor.ops;

import java.util.Arrays;
import org.rlhf4j.tensor.Autograd;
import org.rlhf4j.tensor.Kernels;
import org.rlhf4j.tensor.Parallel;
import org.rlhf4j.tensor.Shapes;
import org.rlhf4j.tensor.Tensor;

/** Row lookup in an embedding table (token and position embeddings). */
public final class Embedding {
    private Embedding() {}

    /**
     * Gathers {@code table[ids[i]]} for every i: table [V, d] gives [outShape..., d]
     * ({@code [ids.length, d]} when no outShape is given). Backward adds each output row's
     * gradient into the table row it came from; repeated ids accumulate.
     */
    public static Tensor lookup(Tensor table, int[] ids, int... outShape) {
        if (table.rank() != 2) {
            throw new IllegalArgumentException("embedding lookup: table must be [V, d], is " + Arrays.toString(table.shape()));
        }
        int vocab = table.dim(0);
        int d = table.dim(1);
        int[] lead = outShape.length == 0 ? new int[] {ids.length} : outShape;
        if (Shapes.size(lead) != ids.length) {
            throw new IllegalArgumentException("embedding lookup: " + ids.length + " ids do not fill shape " + Arrays.toString(lead));
        }
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] < 0 || ids[i] >= vocab) {
                throw new IllegalArgumentException("embedding lookup: id " + ids[i] + " at position " + i
                        + " is out of range for a table of V=" + vocab + " rows");
            }
        }
        int[] shape = Arrays.copyOf(lead, lead.length + 1);
        shape[lead.length] = d;
        Tensor out = Tensor.zeros(shape);
        float[] td = table.data();
        float[] od = out.data();
        Split.rows(ids.length, d, (i0, i1) -> {
            for (int i = i0; i < i1; i++) {
                System.arraycopy(td, ids[i] * d, od, i * d, d);
            }
        });
        if (Autograd.needsGrad(table)) {
            int[] savedIds = ids.clone(); // the caller may reuse its buffer before backward runs
            Autograd.record(out, () -> {
                float[] dout = out.grad();
                float[] dtable = table.gradBuffer();
                // Split over the embedding columns, not the ids: a repeated id then never has
                // two threads adding into one row, and each sum runs in id order.
                int grain = Math.max(64, Split.MIN_ELEMENTS_PER_THREAD / Math.max(1, savedIds.length));
                Parallel.forRange(d, grain, (c0, c1) -> {
                    for (int i = 0; i < savedIds.length; i++) {
                        Kernels.addInto(dout, i * d + c0, dtable, savedIds[i] * d + c0, c1 - c0);
                    }
                });
            });
        }
        return out;
    }
}
