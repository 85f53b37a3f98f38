package org.rlhf4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.rlhf4j.model.Architecture;
import org.rlhf4j.model.ModelConfig;
import org.rlhf4j.model.TransformerModel;
import org.rlhf4j.model.hf.HfConfig;
import org.rlhf4j.model.hf.HfModelFolder;
import org.rlhf4j.model.tokenizer.HfTokenizer;
import org.rlhf4j.tensor.Tensor;
import org.rlhf4j.tensor.io.DType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rlhf4j init}: a randomly initialised model saved as a Hugging Face folder, ready to pretrain. */
@Command(name = "init", mixinStandardHelpOptions = true,
        description = {
            "Create a randomly initialised causal LM and save it as a Hugging Face model folder "
                    + "(config.json, model.safetensors and the tokenizer files).",
            "The shape comes from a Hugging Face config.json (--config) or from the shape options; "
                    + "without --config the vocabulary is the tokenizer's and the special token ids are its BOS/EOS/pad."
        })
final class InitCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--arch", required = true, paramLabel = "ARCH",
            description = "Architecture: gpt2 (learned positions, layernorm, GELU) or llama (RoPE, RMSNorm, SwiGLU).")
    String arch;

    @Option(names = "--config", paramLabel = "FILE",
            description = "A Hugging Face config.json (or a folder holding one) whose model_type matches --arch; "
                    + "excludes the shape options.")
    Path config;

    @Option(names = "--tokenizer", required = true, paramLabel = "DIR",
            description = "Folder with tokenizer.json (and tokenizer_config.json...), copied into --out.")
    Path tokenizerDir;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "Model folder to write; must not exist or be empty, unless --overwrite.")
    Path out;

    @Option(names = "--overwrite", description = "Replace --out even when it holds files.")
    boolean overwrite;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0",
            description = "Initialisation seed; the same seed gives the same weights (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--dtype", paramLabel = "TYPE", defaultValue = "f32",
            description = "Weight type on disk: f32 or bf16 (default: ${DEFAULT-VALUE}).")
    String dtype;

    @Option(names = "--layers", paramLabel = "N", description = "Transformer blocks (default: 6).")
    Integer layers;

    @Option(names = "--d-model", paramLabel = "D", description = "Hidden size (default: 384).")
    Integer dModel;

    @Option(names = "--heads", paramLabel = "H", description = "Attention heads; must divide --d-model (default: 6).")
    Integer heads;

    @Option(names = "--kv-heads", paramLabel = "H",
            description = "Key/value heads, llama only (grouped-query attention); must divide --heads (default: --heads).")
    Integer kvHeads;

    @Option(names = "--ffn", paramLabel = "N",
            description = "MLP hidden width (default: 4 x d for gpt2; 8/3 x d rounded up to a multiple of 64 for llama).")
    Integer ffn;

    @Option(names = "--positions", paramLabel = "N", description = "Longest sequence (default: 1024).")
    Integer positions;

    @Option(names = "--vocab", paramLabel = "N",
            description = "Vocabulary size, at least the tokenizer's (default: the tokenizer's vocabulary size).")
    Integer vocab;

    @Override
    public Integer call() throws IOException {
        Architecture architecture = switch (arch.toLowerCase(Locale.ROOT)) {
            case "gpt2" -> Architecture.GPT2;
            case "llama" -> Architecture.LLAMA;
            default -> throw new IllegalArgumentException("--arch must be gpt2 or llama, got " + arch);
        };
        DType type = DType.forSaving(dtype);
        requireWritable(out);
        try (HfTokenizer tokenizer = HfTokenizer.load(tokenizerDir)) {
            HfConfig base = null;
            ModelConfig shape;
            if (config != null) {
                base = fromFile(architecture);
                shape = base.model();
            } else {
                shape = fromOptions(architecture, tokenizer);
            }
            if (shape.vocabSize() < tokenizer.vocabSize()) {
                throw new IllegalArgumentException("the model's vocabulary (" + shape.vocabSize()
                        + ") is smaller than the tokenizer's (" + tokenizer.vocabSize() + " in " + tokenizerDir + ")");
            }
            TransformerModel model = TransformerModel.initialise(shape, true, seed);
            HfModelFolder.saveCausalLm(model, base, out, type, tokenizerDir);
            long count = model.parameterList().stream().mapToLong(Tensor::size).sum();
            spec.commandLine().getOut().println(String.format(Locale.ROOT,
                    "initialised %s: %d layers, d=%d, %d heads, vocab %d, %.2fM parameters -> %s",
                    architecture.name().toLowerCase(Locale.ROOT), shape.numLayers(), shape.hiddenSize(),
                    shape.numHeads(), shape.vocabSize(), count / 1e6, out));
            spec.commandLine().getOut().flush();
        }
        return 0;
    }

    private HfConfig fromFile(Architecture architecture) {
        if (layers != null || dModel != null || heads != null || kvHeads != null || ffn != null || positions != null
                || vocab != null) {
            throw new IllegalArgumentException("--config gives the shape: leave out --layers, --d-model, --heads, "
                    + "--kv-heads, --ffn, --positions and --vocab (or drop --config)");
        }
        HfConfig read = HfConfig.read(config);
        if (read.model().architecture() != architecture) {
            throw new IllegalArgumentException(config + ": model_type '" + read.modelType() + "' is not a "
                    + arch.toLowerCase(Locale.ROOT) + " model (--arch " + arch + ")");
        }
        return read;
    }

    private ModelConfig fromOptions(Architecture architecture, HfTokenizer tokenizer) {
        boolean gpt2 = architecture == Architecture.GPT2;
        int d = positive("--d-model", dModel, 384);
        int h = positive("--heads", heads, 6);
        int kv = positive("--kv-heads", kvHeads, h);
        if (d % h != 0) {
            throw new IllegalArgumentException("--heads " + h + " does not divide --d-model " + d);
        }
        if (gpt2 && kv != h) {
            throw new IllegalArgumentException("gpt2 has no grouped-query attention: --kv-heads must equal --heads");
        }
        int inner = positive("--ffn", ffn, gpt2 ? 4 * d : (8 * d / 3 + 63) / 64 * 64);
        int n = positive("--layers", layers, 6);
        int maxPositions = positive("--positions", positions, 1024);
        int v = positive("--vocab", vocab, tokenizer.vocabSize());
        int eos = tokenizer.eosId();
        int[] eosIds = eos >= 0 ? new int[] {eos} : new int[0];
        // GPT-2 keeps HF GPT2Config's dropout (0.1); HF's Llama config has no residual dropout.
        return gpt2
                ? new ModelConfig(architecture, v, d, n, h, h, d / h, inner, maxPositions, 1e-5f, 10000, null,
                        true, true, true, true, 0.1f, 0.1f, tokenizer.bosId(), eosIds, tokenizer.padId())
                : new ModelConfig(architecture, v, d, n, h, kv, d / h, inner, maxPositions, 1e-5f, 10000, null,
                        true, false, false, false, 0f, 0f, tokenizer.bosId(), eosIds, tokenizer.padId());
    }

    private static int positive(String option, Integer value, int fallback) {
        int v = value == null ? fallback : value;
        if (v < 1) {
            throw new IllegalArgumentException(option + " must be positive, got " + v);
        }
        return v;
    }

    /** Refuses to replace a folder that holds files unless --overwrite: a typo must not wipe a model. */
    private void requireWritable(Path dir) throws IOException {
        if (overwrite || !Files.exists(dir)) {
            return;
        }
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(dir + ": exists and is not a folder");
        }
        try (Stream<Path> entries = Files.list(dir)) {
            if (entries.findAny().isPresent()) {
                throw new IllegalArgumentException(dir + ": folder is not empty (use --overwrite to replace it)");
            }
        }
    }
}
