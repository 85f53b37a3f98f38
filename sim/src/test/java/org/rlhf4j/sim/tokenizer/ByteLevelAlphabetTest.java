package org.rlhf4j.sim.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ByteLevelAlphabetTest {
    @Test
    void everyByteHasItsOwnCharacterAndComesBack() {
        Set<Character> seen = new HashSet<>();
        for (int b = 0; b < 256; b++) {
            char c = ByteLevelAlphabet.charOf(b);
            seen.add(c);
            assertEquals(b, ByteLevelAlphabet.byteOf(c));
        }
        assertEquals(256, seen.size());
    }

    @Test
    void spacesAndNewlinesLookAsInGpt2sVocabulary() {
        assertEquals("\u0120hello\u010a", ByteLevelAlphabet.encode(" hello\n")); // Ġhello Ċ
        assertEquals("caf\u00c3\u00a9", ByteLevelAlphabet.encode("caf\u00e9")); // é is two UTF-8 bytes
        assertEquals(" hello\n caf\u00e9", ByteLevelAlphabet.decode(ByteLevelAlphabet.encode(" hello\n caf\u00e9")));
    }

    @Test
    void hfsIdOrderIsCodePointOrder() {
        char[] sorted = ByteLevelAlphabet.sortedCharacters();
        assertEquals('!', sorted[0]);
        assertEquals('\u00ff', sorted[187]); // the 188 printable bytes, then the 68 moved ones
        assertEquals('\u0100', sorted[188]);
        assertEquals('\u0143', sorted[255]);
    }
}
