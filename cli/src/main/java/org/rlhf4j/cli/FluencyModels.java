package org.rlhf4j.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.rlhf4j.model.hf.HfModelFolder;
import org.rlhf4j.model.tokenizer.HfTokenizer;
import org.rlhf4j.sim.labelers.Fluency;
import org.rlhf4j.sim.labelers.LmFluency;
import org.rlhf4j.sim.prompts.SimPrompt;
import org.rlhf4j.train.data.PromptLoader;

/** The simulated labelers' sense of fluency from a {@code --fluency-model} option. */
final class FluencyModels {
    private FluencyModels() {
    }

    /**
     * {@link Fluency#NONE} without a folder; otherwise that model as the reference LM, calibrated on the
     * reference answers of the first 64 prompts. The tokenizer stays open for the command's life.
     */
    static Fluency load(Path modelDir, List<SimPrompt> calibration) throws IOException {
        if (modelDir == null) {
            return Fluency.NONE;
        }
        var lm = HfModelFolder.open(modelDir).loadCausalLm();
        HfTokenizer tokenizer = HfTokenizer.load(modelDir);
        return new LmFluency(lm, tokenizer, text -> PromptLoader.plainPrompt(tokenizer, text),
                calibration.subList(0, Math.min(64, calibration.size())));
    }
}
