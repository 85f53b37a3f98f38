package org.rlhf4j.train.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rlhf4j.model.tokenizer.HfTokenizer;
import org.rlhf4j.model.tokenizer.TokenizerFixtures;

class PackedBlocksTest {

    static final int HELLO = SftTokenizerTest.HELLO;
    static final int SPACE_WORLD = SftTokenizerTest.SPACE_WORLD;
    static final int EOT = SftTokenizerTest.ENDOFTEXT;

    @TempDir
    Path tmp;

    @Test
    void everyTokenAfterTheFirstIsATargetExactlyOnce() {
        for (int n : new int[] {0, 1, 2, 7, 8, 9, 10, 33}) {
            for (int length : new int[] {1, 2, 3, 8}) {
                int[] tokens = new int[n];
                for (int i = 0; i < n; i++) {
                    tokens[i] = 1000 + i;
                }
                PackedBlocks blocks = PackedBlocks.of(tokens, length);
                int expected = n <= 1 ? 0 : (n - 1) / length;
                assertEquals(expected, blocks.count(), n + "/" + length);
                int[] targetCount = new int[n];
                for (int b = 0; b < blocks.count(); b++) {
                    int[] block = blocks.block(b);
                    assertEquals(length + 1, block.length);
                    for (int t = 1; t <= length; t++) { // targets: positions 1..L
                        targetCount[block[t] - 1000]++;
                    }
                    assertEquals(tokens[b * length], block[0]); // inputs continue where the last block's targets ended
                }
                int covered = blocks.count() * length; // tokens 1..covered are targets, the tail is dropped
                for (int i = 0; i < n; i++) {
                    assertEquals(i >= 1 && i <= covered ? 1 : 0, targetCount[i], "token " + i);
                }
                assertTrue(n <= 1 || n - 1 - covered < length, "less than a block is dropped");
            }
        }
    }

    @Test
    void documentsAreTokenizedAndEndWithEos() throws IOException {
        try (HfTokenizer tok = HfTokenizer.load(TokenizerFixtures.gpt2(tmp))) {
            Source s = new Source(Path.of("t.jsonl"), 1);
            PackedBlocks blocks = PackedBlocks.pack(List.of(new Document("hello world", s), new Document("hello", s)), tok, 2);
            assertEquals(5, blocks.tokenCount()); // hello, world, EOT, hello, EOT
            assertEquals(2, blocks.documents());
            assertEquals(2, blocks.count());
            assertArrayEquals(new int[] {HELLO, SPACE_WORLD, EOT}, blocks.block(0));
            assertArrayEquals(new int[] {EOT, HELLO, EOT}, blocks.block(1));
            assertThrows(IndexOutOfBoundsException.class, () -> blocks.block(2));
        }
    }

    @Test
    void loadStreamsTextAndJsonlFilesInOrder() throws IOException {
        Path txt = tmp.resolve("book.txt");
        Files.writeString(txt, "hello world\nhello");
        Path jsonl = TestFiles.write(tmp, "web.jsonl", "{\"text\": \" world\"}", "{\"text\": 3}", "{\"text\": \"hello\"}");
        try (HfTokenizer tok = HfTokenizer.load(TokenizerFixtures.gpt2(tmp.resolve("tok")))) {
            BadRecords bad = BadRecords.skipping();
            PackedBlocks blocks = PackedBlocks.load(List.of(txt, jsonl), tok, 4, bad);
            int[] expected = concat(tok.encode("hello world\nhello", true), new int[] {EOT},
                    tok.encode(" world", true), new int[] {EOT}, tok.encode("hello", true), new int[] {EOT});
            assertEquals(expected.length, blocks.tokenCount());
            for (int b = 0; b < blocks.count(); b++) {
                int[] want = new int[5];
                System.arraycopy(expected, b * 4, want, 0, 5);
                assertArrayEquals(want, blocks.block(b));
            }
            assertEquals(3, blocks.documents());
            assertEquals(List.of(jsonl + ":2: field \"text\" must be a string, got number"), bad.messages());
            assertEquals(4, bad.records());
        }
    }

    private static int[] concat(int[]... parts) {
        int n = 0;
        for (int[] p : parts) {
            n += p.length;
        }
        int[] out = new int[n];
        int at = 0;
        for (int[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
