package org.rlhf4j.tensor.optim;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rlhf4j.tensor.Tensor;
import org.rlhf4j.tensor.io.DType;
import org.rlhf4j.tensor.io.SafetensorsException;
import org.rlhf4j.tensor.io.SafetensorsReader;
import org.rlhf4j.tensor.io.SafetensorsWriter;

/** Saves named parameters to a safetensors file and restores them in place, bit for bit (F32). */
public final class ParameterStore {
    private ParameterStore() {}

    public static void save(Path file, List<Tensor> params, Map<String, String> metadata) {
        Map<String, Tensor> byName = new LinkedHashMap<>();
        for (Tensor p : params) {
            if (p.name() == null || byName.put(p.name(), p) != null) {
                throw new IllegalArgumentException("parameters need unique names to be saved; offending name: " + p.name());
            }
        }
        SafetensorsWriter.write(file, byName, metadata, DType.F32);
    }

    /** Copies the saved values into {@code params}; every parameter must be present with its shape. */
    public static void load(Path file, List<Tensor> params) {
        try (SafetensorsReader r = new SafetensorsReader(file)) {
            for (Tensor p : params) {
                if (!r.contains(p.name())) {
                    throw new SafetensorsException(file + ": missing tensor " + p.name());
                }
                Tensor saved = r.read(p.name());
                if (!Arrays.equals(saved.shape(), p.shape())) {
                    throw new SafetensorsException(file + ": tensor " + p.name() + " has shape " + Arrays.toString(saved.shape())
                            + ", expected " + Arrays.toString(p.shape()));
                }
                System.arraycopy(saved.data(), 0, p.data(), 0, p.size());
            }
        }
    }
}
