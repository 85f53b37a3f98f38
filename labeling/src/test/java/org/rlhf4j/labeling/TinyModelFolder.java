package org.rlhf4j.labeling;

import java.io.IOException;
import java.nio.file.Path;
import org.rlhf4j.model.Architecture;
import org.rlhf4j.model.ModelConfig;
import org.rlhf4j.model.TransformerModel;
import org.rlhf4j.model.hf.HfModelFolder;
import org.rlhf4j.model.tokenizer.HfTokenizer;
import org.rlhf4j.model.tokenizer.TokenizerFixtures;
import org.rlhf4j.tensor.io.DType;

/** A random GPT-2 (2 layers, d 32, 64 positions) saved with the byte-level test tokenizer. */
public final class TinyModelFolder {
    public static final int POSITIONS = 64;

    private TinyModelFolder() {
    }

    public static Path create(Path dir) throws IOException {
        Path tok = TokenizerFixtures.gpt2(dir.resolveSibling(dir.getFileName() + "-tokenizer"));
        TokenizerFixtures.writeConfig(tok, "{\"bos_token\": \"<|endoftext|>\", \"eos_token\": \"<|endoftext|>\"}");
        int vocab;
        int eos;
        try (HfTokenizer t = HfTokenizer.load(tok)) {
            vocab = t.vocabSize();
            eos = t.eosId();
        }
        ModelConfig c = new ModelConfig(Architecture.GPT2, vocab, 32, 2, 2, 2, 16, 64, POSITIONS, 1e-5f, 10000, null,
                true, true, true, true, 0f, 0f, eos, new int[] {eos}, -1);
        HfModelFolder.saveCausalLm(TransformerModel.initialise(c, true, 1), null, dir, DType.F32, tok);
        return dir;
    }
}
