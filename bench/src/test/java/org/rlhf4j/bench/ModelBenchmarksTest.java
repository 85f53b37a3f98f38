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

class ModelBenchmarksTest {
    private static String[] lines(ByteArrayOutputStream bytes) {
        return bytes.toString(StandardCharsets.UTF_8).strip().split("\n");
    }

    @Test
    void trainStepPrintsOneLinePerCaseAndThreadCount() {
        int saved = Parallel.threads();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        var tiny = new TrainStepBenchmark.Case("tiny", 1, 16, 2, 8, 2, 50);
        TrainStepBenchmark.run(new PrintStream(bytes, true, StandardCharsets.UTF_8), List.of(tiny), List.of(1, 2), 1);
        String[] lines = lines(bytes);
        assertEquals(2, lines.length);
        assertTrue(lines[0].matches("train-step arch=gpt2 layers=1 d=16 heads=2 seq=8 batch=2 vocab=50 threads=1 tokens_per_s=\\d+\\.\\d"), lines[0]);
        assertTrue(lines[1].contains(" threads=2 "), lines[1]);
        assertEquals(saved, Parallel.threads());
    }

    @Test
    void namedCases() {
        assertEquals(List.of(TrainStepBenchmark.GPT2_SMALL, TrainStepBenchmark.SMALL),
                TrainStepBenchmark.cases(List.of("gpt2-small", "small")));
        assertThrows(IllegalArgumentException.class, () -> TrainStepBenchmark.cases(List.of("huge")));
    }

    @Test
    void generatePrintsOneLinePerBatchAndThreadCount() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        GenerateBenchmark.run(new PrintStream(bytes, true, StandardCharsets.UTF_8), TrainStepBenchmark.gpt2(40, 16, 1, 2),
                List.of(1, 3), List.of(1), 1, 4, 5);
        String[] lines = lines(bytes);
        assertEquals(2, lines.length);
        assertTrue(lines[0].matches("generate arch=gpt2 layers=1 d=16 batch=1 prompt=4 new=5 threads=1 tokens_per_s=\\d+\\.\\d"), lines[0]);
        assertTrue(lines[1].startsWith("generate arch=gpt2 layers=1 d=16 batch=3 "), lines[1]);
    }
}
