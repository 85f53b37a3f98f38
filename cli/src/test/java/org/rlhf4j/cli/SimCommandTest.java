package org.rlhf4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rlhf4j.model.tokenizer.HfTokenizer;
import org.rlhf4j.model.tokenizer.TokenizerFixtures;
import org.rlhf4j.sim.prompts.SimPrompt;
import org.rlhf4j.sim.prompts.SimPromptJson;
import org.rlhf4j.train.data.BadRecords;
import org.rlhf4j.train.data.PromptLoader;

class SimCommandTest {
    @TempDir
    Path tmp;

    @Test
    void simPromptsWritesAFileThatPpoReadsAsPrompts() throws Exception {
        Path out = tmp.resolve("test.jsonl");
        CommandsTest.Run r = CommandsTest.run("sim", "prompts", "--split", "test", "--count", "40", "--seed", "3",
                "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("sim: wrote 40 test prompts (seed 3) to " + out), r.out());
        assertTrue(r.err().contains("WordNet open"), r.err());

        List<SimPrompt> prompts = SimPromptJson.read(out);
        assertEquals(40, prompts.size());
        HfTokenizer tokenizer = HfTokenizer.load(TokenizerFixtures.gpt2(tmp.resolve("tok")));
        assertEquals(40, PromptLoader.load(out, tokenizer, 4096, BadRecords.failing()).size());
        assertEquals(Files.readAllLines(out), Files.readAllLines(out).stream().filter(l -> l.startsWith("{\"prompt\":")).toList());
    }

    @Test
    void anUnknownSplitIsAnInputError() {
        CommandsTest.Run r = CommandsTest.run("sim", "prompts", "--split", "dev", "--count", "1", "--out", tmp.resolve("x").toString());
        assertEquals(Main.BAD_INPUT, r.code());
        assertEquals("rlhf4j sim prompts: unknown split \"dev\" (train, validation or test)", r.err().strip());
    }
}
