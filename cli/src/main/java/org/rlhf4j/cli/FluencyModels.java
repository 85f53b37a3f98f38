package org.rlhf4j.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.rlhf4j.model.hf.HfModelFolder;
import org.rlhf4j.model.tokenizer.HfTokenizer;
import org.rlhf4j.sim.labelers.CorpusFluency;
import org.rlhf4j.sim.labelers.Fluency;
import org.rlhf4j.sim.labelers.LmFluency;
import org.rlhf4j.sim.prompts.SimPrompt;
import org.rlhf4j.sim.world.World;
import org.rlhf4j.train.data.PromptLoader;

/** The simulated labelers' sense of fluency from a {@code --fluency-model} option. */
final class FluencyModels {
    private FluencyModels() {
    }

    /**
     * Without a folder, the word bigram model of the bundled corpus ({@link CorpusFluency}); otherwise
     * that model as the reference LM. Either is calibrated on the reference answers of the first 64
     * prompts. The tokenizer stays open for the command's life.
     */
    static Fluency load(Path modelDir, List<SimPrompt> calibration) throws IOException {
        List<SimPrompt> first = calibration.subList(0, Math.min(64, calibration.size()));
        if (modelDir == null) {
            return new CorpusFluency(World.standard().corpus().sentences(), first);
        }
        var lm = HfModelFolder.open(modelDir).loadCausalLm();
        HfTokenizer tokenizer = HfTokenizer.load(modelDir);
        return new LmFluency(lm, tokenizer, text -> PromptLoader.plainPrompt(tokenizer, text), first);
    }
}
