package org.rlhf4j.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.rlhf4j.model.Architecture;
import org.rlhf4j.model.ModelConfig;
import org.rlhf4j.model.TransformerModel;
import org.rlhf4j.model.hf.HfModelFolder;
import org.rlhf4j.model.tokenizer.HfTokenizer;
import org.rlhf4j.model.tokenizer.TokenizerFixtures;
import org.rlhf4j.tensor.io.DType;

/** A tiny GPT-2 model folder with the byte-level test tokenizer, and synthetic datasets. */
final class TrainerFixtures {
    private TrainerFixtures() {}

    static Path tinyModel(Path dir) throws IOException {
        Path tok = TokenizerFixtures.gpt2(dir.resolveSibling(dir.getFileName() + "-tokenizer"));
        TokenizerFixtures.writeConfig(tok, "{\"bos_token\": \"<|endoftext|>\", \"eos_token\": \"<|endoftext|>\"}");
        int vocab;
        int eos;
        try (HfTokenizer t = HfTokenizer.load(tok)) {
            vocab = t.vocabSize();
            eos = t.eosId();
        }
        ModelConfig c = new ModelConfig(Architecture.GPT2, vocab, 32, 2, 2, 2, 16, 64, 96, 1e-5f, 10000, null,
                true, true, true, true, 0f, 0f, eos, new int[] {eos}, -1);
        HfModelFolder.saveCausalLm(TransformerModel.initialise(c, true, 1), null, dir, DType.F32, tok);
        return dir;
    }

    static Path writeLines(Path file, List<String> lines) throws IOException {
        Files.write(file, lines);
        return file;
    }
}
