package org.rlhf4j.eval.judges;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rlhf4j.train.data.DatasetException;

class PeopleJudgmentsTest {
    @TempDir
    Path dir;

    @Test
    void rankingsBecomeVerdictsGroupedByPrompt() throws Exception {
        Path file = dir.resolve("comparisons.jsonl");
        Files.writeString(file, String.join("\n",
                // p1, alice: ppo above sft, base last
                "{\"prompt\":\"p1\",\"responses\":[\"a\",\"b\",\"c\"],\"ranking\":[[1],[0],[2]],\"models\":[\"sft\",\"ppo\",\"base\"],\"labeler\":\"alice\"}",
                // p1, bob: ppo and sft tied
                "{\"prompt\":\"p1\",\"responses\":[\"a\",\"b\",\"c\"],\"ranking\":[[0,1],[2]],\"models\":[\"sft\",\"ppo\",\"base\"],\"labeler\":\"bob\"}",
                // p2, alice: sft above ppo
                "{\"prompt\":\"p2\",\"responses\":[\"d\",\"e\"],\"ranking\":[[1],[0]],\"models\":[\"ppo\",\"sft\"],\"labeler\":\"alice\"}",
                // p3 has no ppo output: nothing for ppo
                "{\"prompt\":\"p3\",\"responses\":[\"f\",\"g\"],\"ranking\":[[0],[1]],\"models\":[\"sft\",\"base\"],\"labeler\":\"bob\"}"));
        PeopleJudgments people = PeopleJudgments.load(file);
        assertEquals(Set.of("sft", "ppo", "base"), people.models());
        List<double[]> ppo = people.versusBaseline("ppo", "sft");
        assertEquals(2, ppo.size());
        assertArrayEquals(new double[] {1, 0.5}, ppo.get(0));
        assertArrayEquals(new double[] {0}, ppo.get(1));
        List<double[]> base = people.versusBaseline("base", "sft");
        assertArrayEquals(new double[] {0, 0}, base.get(0));
        assertArrayEquals(new double[] {0}, base.get(1));
        // the baseline against itself: ties only
        people.versusBaseline("sft", "sft").forEach(v -> assertTrue(java.util.Arrays.stream(v).allMatch(x -> x == 0.5)));
    }

    @Test
    void anExportWithoutModelNamesIsRefusedWithFileAndLine() throws Exception {
        Path file = dir.resolve("old.jsonl");
        Files.writeString(file, "{\"prompt\":\"p\",\"responses\":[\"a\",\"b\"],\"ranking\":[[0],[1]]}\n");
        DatasetException e = assertThrows(DatasetException.class, () -> PeopleJudgments.load(file));
        assertTrue(e.getMessage().contains("old.jsonl:1") && e.getMessage().contains("models"), e.getMessage());
    }
}
