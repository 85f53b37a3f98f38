package org.rlhf4j.tensor.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.rlhf4j.tensor.Tensor;

/**
 * Reads a Hugging Face {@code .safetensors} file: an 8-byte little-endian header length, a
 * JSON header (name -> dtype, shape, byte offsets; plus optional {@code __metadata__}),
 * then the raw little-endian data. Tensors are read one at a time on demand, converted to
 * fp32, so a model larger than one buffer loads tensor by tensor.
 */
public final class SafetensorsReader implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_HEADER = 100L << 20;

    /** Where one tensor lives in the file. */
    public record Entry(String name, DType dtype, int[] shape, long begin, long end) {}

    private final Path path;
    private final FileChannel channel;
    private final long dataStart;
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private final Map<String, String> metadata = new LinkedHashMap<>();

    public SafetensorsReader(Path path) {
        this.path = path;
        try {
            this.channel = FileChannel.open(path, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new SafetensorsException(path + ": file not found");
        } catch (IOException e) {
            throw new SafetensorsException(path + ": cannot open: " + e.getMessage(), e);
        }
        try {
            long fileSize = channel.size();
            if (fileSize < 8) {
                throw new SafetensorsException(path + ": truncated file (" + fileSize + " bytes, no header)");
            }
            ByteBuffer lengthBytes = readFully(0, 8).order(ByteOrder.LITTLE_ENDIAN);
            long headerLength = lengthBytes.getLong();
            if (headerLength <= 0 || headerLength > MAX_HEADER || 8 + headerLength > fileSize) {
                throw new SafetensorsException(path + ": bad header length " + headerLength + " for a file of " + fileSize + " bytes (truncated or not safetensors)");
            }
            this.dataStart = 8 + headerLength;
            byte[] header = new byte[(int) headerLength];
            readFully(8, (int) headerLength).get(header);
            parseHeader(JSON.readTree(header), fileSize - dataStart);
        } catch (IOException e) {
            close();
            throw new SafetensorsException(path + ": unreadable header: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private void parseHeader(JsonNode root, long dataBytes) {
        if (root == null || !root.isObject()) {
            throw new SafetensorsException(path + ": header is not a JSON object");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = field.getKey();
            JsonNode node = field.getValue();
            if (name.equals("__metadata__")) {
                node.fields().forEachRemaining(m -> metadata.put(m.getKey(), m.getValue().asText()));
                continue;
            }
            String where = path + ": tensor " + name;
            JsonNode shapeNode = node.get("shape");
            JsonNode offsets = node.get("data_offsets");
            if (node.get("dtype") == null || shapeNode == null || offsets == null || offsets.size() != 2) {
                throw new SafetensorsException(where + ": header entry lacks dtype, shape or data_offsets");
            }
            DType dtype = DType.parse(node.get("dtype").asText(), where);
            int[] shape = new int[shapeNode.size()];
            long count = 1;
            for (int i = 0; i < shape.length; i++) {
                shape[i] = shapeNode.get(i).asInt();
                count *= shape[i];
            }
            long begin = offsets.get(0).asLong();
            long end = offsets.get(1).asLong();
            if (end - begin != count * dtype.bytes) {
                throw new SafetensorsException(where + ": data_offsets span " + (end - begin) + " bytes but shape needs " + count * dtype.bytes);
            }
            if (begin < 0 || end > dataBytes) {
                throw new SafetensorsException(where + ": data ends at byte " + end + " but the file holds only " + dataBytes + " data bytes (truncated file)");
            }
            entries.put(name, new Entry(name, dtype, shape, begin, end));
        }
    }

    private ByteBuffer readFully(long position, int length) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(length);
        while (buf.hasRemaining()) {
            int n = channel.read(buf, position + buf.position());
            if (n < 0) {
                throw new SafetensorsException(path + ": unexpected end of file at byte " + (position + buf.position()));
            }
        }
        return buf.flip();
    }

    public Path path() {
        return path;
    }

    /** Tensor names in file order. */
    public Iterable<String> names() {
        return Collections.unmodifiableSet(entries.keySet());
    }

    public boolean contains(String name) {
        return entries.containsKey(name);
    }

    public Entry entry(String name) {
        Entry e = entries.get(name);
        if (e == null) {
            throw new SafetensorsException(path + ": no tensor named " + name);
        }
        return e;
    }

    public Map<String, String> metadata() {
        return Collections.unmodifiableMap(metadata);
    }

    /** Reads one tensor, converted to fp32. */
    public Tensor read(String name) {
        Entry e = entry(name);
        long bytes = e.end - e.begin;
        if (bytes / e.dtype.bytes > Integer.MAX_VALUE - 16) {
            throw new SafetensorsException(path + ": tensor " + name + " is too large for one Java array");
        }
        int count = (int) (bytes / e.dtype.bytes);
        float[] out = new float[count];
        // Read in slices so a huge tensor does not need a second full-size byte buffer.
        int chunk = 1 << 22;
        try {
            for (int start = 0; start < count; start += chunk) {
                int n = Math.min(chunk, count - start);
                ByteBuffer buf = readFully(dataStart + e.begin + (long) start * e.dtype.bytes, n * e.dtype.bytes)
                        .order(ByteOrder.LITTLE_ENDIAN);
                switch (e.dtype) {
                    case F32 -> buf.asFloatBuffer().get(out, start, n);
                    case BF16 -> {
                        for (int i = 0; i < n; i++) {
                            out[start + i] = DType.bf16ToFloat(buf.getShort());
                        }
                    }
                    case F16 -> {
                        for (int i = 0; i < n; i++) {
                            out[start + i] = Float.float16ToFloat(buf.getShort());
                        }
                    }
                }
            }
        } catch (IOException ex) {
            throw new SafetensorsException(path + ": tensor " + name + ": read failed: " + ex.getMessage(), ex);
        }
        return Tensor.of(out, e.shape.clone()).name(name);
    }

    /** Reads every tensor of a file (file order). */
    public static Map<String, Tensor> readAll(Path path) {
        try (SafetensorsReader r = new SafetensorsReader(path)) {
            Map<String, Tensor> out = new LinkedHashMap<>();
            for (String name : r.names()) {
                out.put(name, r.read(name));
            }
            return out;
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing was written through this channel; a failed close loses nothing
        }
    }
}
