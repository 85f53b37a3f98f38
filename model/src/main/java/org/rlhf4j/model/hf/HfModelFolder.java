package org.rlhf4j.model.hf;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.rlhf4j.model.ModelConfig;
import org.rlhf4j.model.ScalarHeadModel;
import org.rlhf4j.model.TransformerModel;
import org.rlhf4j.model.hf.HfWeightLayout.Mapping;
import org.rlhf4j.tensor.Tensor;
import org.rlhf4j.tensor.io.AtomicFiles;
import org.rlhf4j.tensor.io.DType;
import org.rlhf4j.tensor.io.Folders;
import org.rlhf4j.tensor.io.SafetensorsWriter;

/**
 * A Hugging Face model folder: {@code config.json}, the safetensors weights, and the tokenizer
 * files. Loads a causal LM or a scalar-head (reward / value) model from one, and saves them
 * back in the layout {@code transformers.from_pretrained} reads without missing-key warnings.
 */
public final class HfModelFolder {
    /** Tokenizer and generation files copied along when a model is saved. */
    public static final List<String> TOKENIZER_FILES = List.of("tokenizer.json", "tokenizer_config.json",
            "special_tokens_map.json", "added_tokens.json", "vocab.json", "merges.txt", "tokenizer.model",
            "chat_template.jinja", "chat_template.json", "generation_config.json");

    private final Path dir;
    private final HfConfig config;

    private HfModelFolder(Path dir, HfConfig config) {
        this.dir = dir;
        this.config = config;
    }

    /** Opens a model folder and reads its config.json (weights are read by the load methods). */
    public static HfModelFolder open(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new HfFormatException(dir + ": " + (Files.exists(dir) ? "not a folder" : "no such folder")
                    + " (a model is a Hugging Face folder with config.json and model.safetensors)");
        }
        return new HfModelFolder(dir, HfConfig.read(dir));
    }

    public Path dir() {
        return dir;
    }

    public HfConfig config() {
        return config;
    }

    /** Whether the weights hold a scalar head ({@code score.weight}): a reward or value model. */
    public boolean hasScalarHead() {
        try (HfWeightFiles files = new HfWeightFiles(dir)) {
            return files.resolve("score.weight") != null;
        }
    }

    /**
     * The causal LM of this folder (its LM head, or tied embeddings). A reward-model folder is
     * refused: with tied embeddings its body would load as an LM that nobody trained as one.
     */
    public TransformerModel loadCausalLm() {
        if (hasScalarHead()) {
            throw new HfFormatException(dir + " holds a reward model (score.weight, a sequence-classification head), "
                    + "not a causal LM; give the folder of a language model");
        }
        return TransformerModel.fromParameters(config.model(), true, readParameters(true, false));
    }

    /** The reward / value model of this folder, which must hold {@code score.weight}. */
    public ScalarHeadModel loadScalarHead() {
        Map<String, Tensor> params = readParameters(false, true);
        Tensor score = params.remove(ScalarHeadModel.SCORE);
        return new ScalarHeadModel(TransformerModel.fromParameters(config.model(), false, params), score,
                config.rewardBias());
    }

    private Map<String, Tensor> readParameters(boolean lmHead, boolean scalarHead) {
        ModelConfig c = config.model();
        Map<String, Tensor> out = new LinkedHashMap<>();
        Map<String, int[]> shapes = TransformerModel.parameterShapes(c, true);
        shapes.put(ScalarHeadModel.SCORE, new int[] {1, c.hiddenSize()});
        try (HfWeightFiles files = new HfWeightFiles(dir)) {
            for (Mapping m : HfWeightLayout.mappings(c, lmHead, scalarHead)) {
                out.put(m.parameter(), readMapping(files, m, shapes.get(m.parameter())));
            }
        }
        return out;
    }

    /** Reads the HF tensors of one parameter, checks their shapes, transposes and joins them. */
    private Tensor readMapping(HfWeightFiles files, Mapping m, int[] expectedParam) {
        int totalRows = Arrays.stream(m.partRows()).sum();
        int cols = expectedParam.length == 1 ? 1 : expectedParam[1];
        float[] data = new float[totalRows * cols];
        int row = 0;
        for (int part = 0; part < m.hfNames().size(); part++) {
            String name = m.hfNames().get(part);
            String stored = files.resolve(name);
            if (stored == null) {
                throw new HfFormatException(dir + ": missing tensor " + name + missingHint(name));
            }
            int rows = m.partRows()[part];
            int[] expected = expectedParam.length == 1 ? new int[] {rows}
                    : m.transposed() ? new int[] {cols, rows} : new int[] {rows, cols};
            int[] actual = files.entry(stored).shape();
            if (!Arrays.equals(actual, expected)) {
                throw new HfFormatException(files.file(stored) + ": tensor " + stored + " has shape "
                        + Arrays.toString(actual) + " but config.json implies " + Arrays.toString(expected));
            }
            float[] src = files.read(stored).data();
            if (m.transposed()) {
                for (int i = 0; i < cols; i++) {
                    for (int j = 0; j < rows; j++) {
                        data[(row + j) * cols + i] = src[i * rows + j];
                    }
                }
            } else {
                System.arraycopy(src, 0, data, row * cols, src.length);
            }
            row += rows;
        }
        return Tensor.parameter(m.parameter(), data, expectedParam.length == 1 ? new int[] {totalRows}
                : new int[] {totalRows, cols});
    }

    private String missingHint(String name) {
        if (name.equals("score.weight")) {
            return " (this folder is not a reward/value model; one is initialised from a causal LM by the RM trainer)";
        }
        if (name.equals("lm_head.weight")) {
            return " (config.json says tie_word_embeddings is false, so the LM head must be stored)";
        }
        return " (config.json describes " + config.model().numLayers() + " layers of model_type " + config.modelType() + ")";
    }

    /**
     * Saves a causal LM as a Hugging Face folder. {@code base} (may be null) supplies the
     * config.json fields rlhf4j does not model; {@code tokenizerFrom} (may be null) is a
     * folder whose tokenizer files are copied along. Everything is written under a temporary
     * name first and then moved into place, so a failure leaves any previous save intact.
     */
    public static void saveCausalLm(TransformerModel model, HfConfig base, Path dir, DType dtype, Path tokenizerFrom) {
        ObjectNode json = HfConfig.toJson(model.config(), base, false, null, torchDtype(dtype));
        save(model.parameters(), HfWeightLayout.mappings(model.config(), true, false), json, dir, dtype, tokenizerFrom);
    }

    /** Saves a reward / value model in the layout of HF sequence classification with one label. */
    public static void saveScalarHead(ScalarHeadModel model, HfConfig base, Path dir, DType dtype, Path tokenizerFrom) {
        ObjectNode json = HfConfig.toJson(model.config(), base, true, model.rewardBias(), torchDtype(dtype));
        Map<String, Tensor> params = new LinkedHashMap<>(model.body().parameters());
        params.put(ScalarHeadModel.SCORE, model.score());
        save(params, HfWeightLayout.mappings(model.config(), false, true), json, dir, dtype, tokenizerFrom);
    }

    private static String torchDtype(DType dtype) {
        return switch (dtype) {
            case F32 -> "float32";
            case BF16 -> "bfloat16";
            case F16 -> throw new IllegalArgumentException("rlhf4j writes weights as F32 or BF16, not F16");
        };
    }

    private static void save(Map<String, Tensor> params, List<Mapping> mappings, ObjectNode configJson, Path dir,
                             DType dtype, Path tokenizerFrom) {
        Map<String, Tensor> hf = new LinkedHashMap<>();
        for (Mapping m : mappings) {
            Tensor p = params.get(m.parameter());
            int cols = p.rank() == 1 ? 1 : p.dim(1);
            int row = 0;
            for (int part = 0; part < m.hfNames().size(); part++) {
                int rows = m.partRows()[part];
                float[] out = new float[rows * cols];
                if (m.transposed()) {
                    for (int j = 0; j < rows; j++) {
                        for (int i = 0; i < cols; i++) {
                            out[i * rows + j] = p.data()[(row + j) * cols + i];
                        }
                    }
                } else {
                    System.arraycopy(p.data(), row * cols, out, 0, rows * cols);
                }
                int[] shape = p.rank() == 1 ? new int[] {rows} : m.transposed() ? new int[] {cols, rows} : new int[] {rows, cols};
                hf.put(m.hfNames().get(part), Tensor.of(out, shape));
                row += rows;
            }
        }
        Path target = dir.toAbsolutePath().normalize();
        Path staging = target.resolveSibling("." + target.getFileName() + ".saving");
        try {
            Folders.deleteTree(staging);
            Files.createDirectories(staging);
            if (tokenizerFrom != null) {
                for (String name : TOKENIZER_FILES) {
                    Path src = tokenizerFrom.resolve(name);
                    if (Files.isRegularFile(src)) {
                        // copied as bytes into a new file, not Files.copy (which keeps the source's
                        // mode): every file of the folder gets the one mode of a new file
                        AtomicFiles.write(staging.resolve(name), out -> Files.copy(src, out));
                    }
                }
            }
            byte[] config = HfConfig.JSON.writeValueAsString(configJson).getBytes(StandardCharsets.UTF_8);
            AtomicFiles.write(staging.resolve("config.json"), out -> out.write(config));
            SafetensorsWriter.write(staging.resolve(HfWeightFiles.SINGLE), hf, Map.of("format", "pt"), dtype);
            replace(staging, target);
        } catch (IOException e) {
            throw new HfFormatException(target + ": cannot save the model (" + e + "); any previous folder is intact", e);
        }
    }

    /**
     * Moves {@code staging} to {@code target}. A new target is one rename. An existing one (a
     * previous save, or a training run's output folder that also holds metrics and
     * checkpoints) gets each staged file moved over its old version, the weights before
     * config.json, and keeps its other files.
     */
    private static void replace(Path staging, Path target) throws IOException {
        if (!Files.exists(target)) {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            return;
        }
        List<Path> staged;
        try (Stream<Path> files = Files.list(staging)) {
            staged = files.sorted(Comparator.comparing((Path p) -> p.getFileName().toString().equals("config.json"))
                    .thenComparing(Path::toString)).toList();
        }
        for (Path file : staged) {
            Files.move(file, target.resolve(file.getFileName()), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        }
        Folders.deleteTree(staging);
    }
}
