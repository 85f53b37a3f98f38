package org.rlhf4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rlhf4j.tensor.Parallel;

class GemmBenchmarkTest {
    @Test
    void printsOneLinePerCaseInTheDocumentedFormat() {
        int saved = Parallel.threads();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        GemmBenchmark.run(new PrintStream(bytes, true, StandardCharsets.UTF_8),
                List.of(new GemmBenchmark.Shape(20, 30, 40)), List.of(1, 2), List.of("nn", "nt", "tn"), 1, 0.01);
        String[] lines = bytes.toString(StandardCharsets.UTF_8).strip().split("\n");
        assertEquals(6, lines.length);
        assertTrue(lines[0].matches("gemm M=20 N=30 K=40 threads=1 gflops=\\d+\\.\\d"), lines[0]);
        assertTrue(lines[1].matches("gemm M=20 N=30 K=40 threads=2 gflops=\\d+\\.\\d"), lines[1]);
        assertTrue(lines[2].matches("gemm M=20 N=30 K=40 threads=1 gflops=\\d+\\.\\d op=nt"), lines[2]);
        assertTrue(lines[5].matches("gemm M=20 N=30 K=40 threads=2 gflops=\\d+\\.\\d op=tn"), lines[5]);
        assertEquals(saved, Parallel.threads());
    }

    @Test
    void parsesShapes() {
        assertEquals(new GemmBenchmark.Shape(64, 50257, 768), GemmBenchmark.parseShape("64x50257x768"));
        assertThrows(IllegalArgumentException.class, () -> GemmBenchmark.parseShape("64x50257"));
    }
}
