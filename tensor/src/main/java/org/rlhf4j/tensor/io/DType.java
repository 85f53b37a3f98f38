package org.rlhf4j.tensor.io;

/** Element types of safetensors files that rlhf4j reads (all) and writes (F32, BF16). */
public enum DType {
    F32(4),
    F16(2),
    BF16(2);

    public final int bytes;

    DType(int bytes) {
        this.bytes = bytes;
    }

    /** The enum for a safetensors dtype string, or an error naming the file and tensor. */
    static DType parse(String name, String where) {
        try {
            return valueOf(name);
        } catch (IllegalArgumentException e) {
            throw new SafetensorsException(where + ": unsupported dtype " + name + " (rlhf4j reads F32, F16 and BF16)");
        }
    }

    /**
     * The type to save weights in, from a user's word for it: f32 / float32 or bf16 / bfloat16
     * (case-insensitive); anything else is an error naming what was given.
     */
    public static DType forSaving(String name) {
        return switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "f32", "float32" -> F32;
            case "bf16", "bfloat16" -> BF16;
            default -> throw new IllegalArgumentException("dtype must be f32 or bf16, got " + name);
        };
    }

    /** bfloat16 bits -> float: the bf16 is the top half of the float. */
    static float bf16ToFloat(short bits) {
        return Float.intBitsToFloat((bits & 0xFFFF) << 16);
    }

    /** float -> bfloat16 bits, rounding to nearest even (NaN stays NaN). */
    static short floatToBf16(float value) {
        int bits = Float.floatToRawIntBits(value);
        if (Float.isNaN(value)) {
            return (short) ((bits >>> 16) | 0x0040);
        }
        int rounding = 0x7FFF + ((bits >>> 16) & 1);
        return (short) ((bits + rounding) >>> 16);
    }
}
