package org.rlhf4j.tensor.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rlhf4j.tensor.Rng;
import org.rlhf4j.tensor.Tensor;

class SafetensorsTest {
    @TempDir
    Path dir;

    @Test
    void f32RoundTripIsBitExact() {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("h.0.attn.c_attn.weight", new Rng(1).normal(0, 1, 7, 5));
        tensors.put("wte.weight", new Rng(2).normal(0, 1, 3));
        tensors.put("odd", Tensor.of(new float[] {Float.NaN, Float.MIN_VALUE, -0f, Float.POSITIVE_INFINITY}, 2, 2));
        Path file = dir.resolve("model.safetensors");
        SafetensorsWriter.write(file, tensors, Map.of("format", "pt"), DType.F32);
        try (SafetensorsReader r = new SafetensorsReader(file)) {
            assertEquals("pt", r.metadata().get("format"));
            for (var e : tensors.entrySet()) {
                Tensor back = r.read(e.getKey());
                assertArrayEquals(e.getValue().shape(), back.shape());
                for (int i = 0; i < back.size(); i++) {
                    assertEquals(Float.floatToRawIntBits(e.getValue().data()[i]), Float.floatToRawIntBits(back.data()[i]));
                }
            }
        }
    }

    /** A file written byte by byte from the format description, as other tools write it. */
    @Test
    void readsHandWrittenBf16AndF16() throws IOException {
        String header = "{\"a\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[0,4]},"
                + "\"b\":{\"dtype\":\"F16\",\"shape\":[1,2],\"data_offsets\":[4,8]}}";
        ByteBuffer data = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        data.putShort((short) 0x3F80).putShort((short) 0xC020);  // bf16 1.0, -2.5
        data.putShort((short) 0x3C00).putShort((short) 0xB800);  // f16 1.0, -0.5
        Path file = writeRaw(header, data.array());
        Map<String, Tensor> all = SafetensorsReader.readAll(file);
        assertArrayEquals(new float[] {1.0f, -2.5f}, all.get("a").data());
        assertArrayEquals(new int[] {1, 2}, all.get("b").shape());
        assertArrayEquals(new float[] {1.0f, -0.5f}, all.get("b").data());
    }

    @Test
    void bf16WriteRoundsToNearestEven() {
        float[] values = {1.0f, 3.14159265f, -1e-3f, 65504f, 1.00390625f /* exactly halfway */};
        Path file = dir.resolve("bf16.safetensors");
        SafetensorsWriter.write(file, Map.of("x", Tensor.of(values.clone(), 5)), null, DType.BF16);
        float[] back = SafetensorsReader.readAll(file).get("x").data();
        assertEquals(1.0f, back[0]);
        assertEquals(3.140625f, back[1]);
        assertEquals(-1e-3f, back[2], 4e-6f);
        assertEquals(65536f, back[3]);
        assertEquals(1.0f, back[4], "ties round to the even mantissa");
    }

    @Test
    void truncatedFileNamesTheTensor() throws IOException {
        Path file = dir.resolve("t.safetensors");
        SafetensorsWriter.write(file, Map.of("big.weight", Tensor.zeros(64, 64)), null, DType.F32);
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 100));
        var e = assertThrows(SafetensorsException.class, () -> new SafetensorsReader(file));
        assertTrue(e.getMessage().contains("big.weight") && e.getMessage().contains("truncated"), e.getMessage());
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }

    @Test
    void garbageAndMissingFilesGiveClearErrors() throws IOException {
        Path garbage = dir.resolve("garbage.safetensors");
        Files.writeString(garbage, "this is not a safetensors file at all");
        var e = assertThrows(SafetensorsException.class, () -> new SafetensorsReader(garbage));
        assertTrue(e.getMessage().startsWith(garbage.toString()), e.getMessage());
        var missing = assertThrows(SafetensorsException.class, () -> new SafetensorsReader(dir.resolve("nope.safetensors")));
        assertTrue(missing.getMessage().contains("not found"), missing.getMessage());
        Path badDtype = writeRaw("{\"q\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[0,8]}}", new byte[8]);
        var d = assertThrows(SafetensorsException.class, () -> new SafetensorsReader(badDtype));
        assertTrue(d.getMessage().contains("tensor q") && d.getMessage().contains("I64"), d.getMessage());
    }

    @Test
    void failedWriteKeepsTheOldFile() throws IOException {
        Path file = dir.resolve("keep.safetensors");
        SafetensorsWriter.write(file, Map.of("x", Tensor.full(2f, 3)), null, DType.F32);
        byte[] before = Files.readAllBytes(file);
        assertThrows(SafetensorsException.class, () -> AtomicFiles.write(file, out -> {
            out.write(new byte[] {1, 2, 3});
            throw new IOException("No space left on device");
        }));
        assertArrayEquals(before, Files.readAllBytes(file));
        try (var listing = Files.list(dir)) {
            assertEquals(1, listing.count(), "no temporary file left behind");
        }
    }

    private Path writeRaw(String header, byte[] data) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).array());
        out.write(h);
        out.write(data);
        Path file = Files.createTempFile(dir, "raw", ".safetensors");
        Files.write(file, out.toByteArray());
        return file;
    }
}
