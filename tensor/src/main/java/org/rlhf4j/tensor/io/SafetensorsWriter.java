package org.rlhf4j.tensor.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Map;
import org.rlhf4j.tensor.Tensor;

/**
 * Writes a {@code .safetensors} file that Hugging Face's safetensors library reads. The file
 * is written to a temporary sibling and renamed over the target, so a crash or a full disk
 * never leaves a half-written file under the real name.
 */
public final class SafetensorsWriter {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SafetensorsWriter() {}

    /** Writes {@code tensors} (in map order) as {@code dtype} (F32 or BF16). */
    public static void write(Path path, Map<String, Tensor> tensors, Map<String, String> metadata, DType dtype) {
        if (dtype == DType.F16) {
            throw new SafetensorsException(path + ": rlhf4j writes F32 or BF16, not F16");
        }
        ObjectNode header = JSON.createObjectNode();
        if (metadata != null && !metadata.isEmpty()) {
            ObjectNode meta = header.putObject("__metadata__");
            metadata.forEach(meta::put);
        }
        long offset = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            ObjectNode node = header.putObject(e.getKey());
            node.put("dtype", dtype.name());
            ArrayNode shape = node.putArray("shape");
            for (int d : e.getValue().shape()) {
                shape.add(d);
            }
            long bytes = (long) e.getValue().size() * dtype.bytes;
            node.putArray("data_offsets").add(offset).add(offset + bytes);
            offset += bytes;
        }
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(header);
        } catch (IOException e) {
            throw new SafetensorsException(path + ": cannot encode header", e);
        }
        // Pad the header with spaces so the data starts 8-byte aligned, as the reference writer does.
        int padded = (json.length + 7) / 8 * 8;
        byte[] headerBytes = new byte[padded];
        System.arraycopy(json, 0, headerBytes, 0, json.length);
        for (int i = json.length; i < padded; i++) {
            headerBytes[i] = ' ';
        }
        AtomicFiles.write(path, out -> {
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded);
            out.write(len.array());
            out.write(headerBytes);
            for (Tensor t : tensors.values()) {
                writeData(out, t.data(), t.size(), dtype);
            }
        });
    }

    private static void writeData(OutputStream out, float[] data, int count, DType dtype) throws IOException {
        int chunk = 1 << 16;
        ByteBuffer buf = ByteBuffer.allocate(chunk * dtype.bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (int start = 0; start < count; start += chunk) {
            int n = Math.min(chunk, count - start);
            buf.clear();
            if (dtype == DType.F32) {
                buf.asFloatBuffer().put(data, start, n);
                buf.position(n * 4);
            } else {
                for (int i = 0; i < n; i++) {
                    buf.putShort(DType.floatToBf16(data[start + i]));
                }
            }
            out.write(buf.array(), 0, buf.position());
        }
    }
}
