package org.rlhf4j.sim.tokenizer;

import java.nio.charset.StandardCharsets;

/**
 * GPT-2's byte-to-character table: every byte gets a printable character, so that a byte
 * string is an ordinary string and a vocabulary can be stored in JSON. Printable Latin-1
 * bytes ({@code !..~}, {@code ¡..¬}, {@code ®..ÿ}) stand for themselves; the other 68
 * (controls, space, DEL, NBSP, soft hyphen) become U+0100 onwards, in byte order, which is why
 * a leading space shows as {@code Ġ} (U+0120) in byte-level vocabularies.
 */
public final class ByteLevelAlphabet {
    private static final char[] BYTE_TO_CHAR = new char[256];
    private static final int[] CHAR_TO_BYTE = new int[512];

    static {
        java.util.Arrays.fill(CHAR_TO_BYTE, -1);
        int next = 256;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            char c = printable ? (char) b : (char) next++;
            BYTE_TO_CHAR[b] = c;
            CHAR_TO_BYTE[c] = b;
        }
    }

    private ByteLevelAlphabet() {}

    /** The character standing for byte {@code b} (0..255). */
    public static char charOf(int b) {
        return BYTE_TO_CHAR[b & 0xFF];
    }

    /** The byte a character stands for, or -1 when it is not in the alphabet. */
    public static int byteOf(char c) {
        return c < CHAR_TO_BYTE.length ? CHAR_TO_BYTE[c] : -1;
    }

    /** The text's UTF-8 bytes, one alphabet character each. */
    public static String encode(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        char[] chars = new char[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            chars[i] = BYTE_TO_CHAR[bytes[i] & 0xFF];
        }
        return new String(chars);
    }

    /** The text whose UTF-8 bytes the alphabet characters spell (the inverse of {@link #encode}). */
    public static String decode(String byteLevel) {
        byte[] bytes = new byte[byteLevel.length()];
        for (int i = 0; i < bytes.length; i++) {
            int b = byteOf(byteLevel.charAt(i));
            if (b < 0) {
                throw new IllegalArgumentException("not a byte-level character: U+"
                        + Integer.toHexString(byteLevel.charAt(i)).toUpperCase(java.util.Locale.ROOT));
            }
            bytes[i] = (byte) b;
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** The 256 characters in code-point order: the order HF's trainer gives them ids in. */
    public static char[] sortedCharacters() {
        char[] sorted = BYTE_TO_CHAR.clone();
        java.util.Arrays.sort(sorted);
        return sorted;
    }
}
