package org.rlhf4j.model.hf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rlhf4j.model.ModelConfig;
import org.rlhf4j.model.ScalarHeadModel;
import org.rlhf4j.model.TinyModels;
import org.rlhf4j.model.TransformerModel;
import org.rlhf4j.model.tokenizer.TokenizerFixtures;
import org.rlhf4j.tensor.Tensor;
import org.rlhf4j.tensor.io.DType;
import org.rlhf4j.tensor.io.SafetensorsReader;
import org.rlhf4j.tensor.io.SafetensorsWriter;

class HfModelFolderTest {
    @TempDir
    Path tmp;

    static Stream<Arguments> configs() {
        return Stream.of(Arguments.of("gpt2", TinyModels.gpt2()), Arguments.of("llama-gqa", TinyModels.llamaGqa()),
                Arguments.of("llama-tied", TinyModels.llamaTied()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configs")
    void causalLmRoundTripIsBitIdentical(String name, ModelConfig config) {
        TransformerModel model = TinyModels.randomModel(config, true, 1);
        Path dir = tmp.resolve(name);
        HfModelFolder.saveCausalLm(model, null, dir, DType.F32, null);
        HfModelFolder folder = HfModelFolder.open(dir);
        assertEquals(config, folder.config().model());
        TransformerModel loaded = folder.loadCausalLm();
        assertEquals(model.parameters().keySet(), loaded.parameters().keySet());
        model.parameters().forEach((k, v) -> assertArrayEquals(v.data(), loaded.parameters().get(k).data(), k));
        // and saving the loaded model again gives the same bytes
        HfModelFolder.saveCausalLm(loaded, folder.config(), tmp.resolve("again"), DType.F32, null);
        assertFilesEqual(dir.resolve("model.safetensors"), tmp.resolve("again/model.safetensors"));
    }

    @Test
    void scalarHeadRoundTripKeepsHeadAndBias() throws IOException {
        ScalarHeadModel rm = ScalarHeadModel.fromCausalLm(TinyModels.randomModel(TinyModels.llamaGqa(), true, 2), 3);
        rm.rewardBias(-0.375f);
        Path dir = tmp.resolve("rm");
        HfModelFolder.saveScalarHead(rm, null, dir, DType.F32, null);
        HfModelFolder folder = HfModelFolder.open(dir);
        assertTrue(folder.hasScalarHead());
        ScalarHeadModel loaded = folder.loadScalarHead();
        assertEquals(-0.375f, loaded.rewardBias());
        assertArrayEquals(rm.score().data(), loaded.score().data());
        rm.body().parameters().forEach((k, v) -> assertArrayEquals(v.data(), loaded.body().parameters().get(k).data(), k));
        JsonNode config = new ObjectMapper().readTree(dir.resolve("config.json").toFile());
        assertEquals("Qwen2ForSequenceClassification", config.get("architectures").get(0).asText());
        assertEquals(1, config.get("id2label").size(), "one label: HF infers num_labels = 1");
        try (SafetensorsReader r = new SafetensorsReader(dir.resolve("model.safetensors"))) {
            assertArrayEquals(new int[] {1, 24}, r.entry("score.weight").shape());
            assertFalse(r.contains("lm_head.weight"));
        }
    }

    @Test
    void gpt2FilesUseHfNamesAndConv1dLayout() throws IOException {
        ModelConfig c = TinyModels.gpt2();
        TransformerModel model = TinyModels.randomModel(c, true, 4);
        Path dir = tmp.resolve("gpt2");
        HfModelFolder.saveCausalLm(model, null, dir, DType.F32, null);
        try (SafetensorsReader r = new SafetensorsReader(dir.resolve("model.safetensors"))) {
            assertArrayEquals(new int[] {16, 48}, r.entry("transformer.h.0.attn.c_attn.weight").shape(), "Conv1D stores [in, out]");
            assertArrayEquals(new int[] {40, 16}, r.entry("transformer.h.1.mlp.c_proj.weight").shape());
            assertArrayEquals(new int[] {48, 16}, r.entry("transformer.wpe.weight").shape());
            assertFalse(r.contains("lm_head.weight"), "tied head is not stored, as transformers saves it");
            assertEquals("pt", r.metadata().get("format"));
            // element [i][j] of the HF tensor is element [j][i] of the rlhf4j weight
            float[] hf = r.read("transformer.h.0.attn.c_attn.weight").data();
            float[] ours = model.parameters().get("layers.0.attn.qkv.weight").data();
            assertEquals(ours[5 * 16 + 3], hf[3 * 48 + 5]);
        }
        JsonNode config = new ObjectMapper().readTree(dir.resolve("config.json").toFile());
        assertEquals("GPT2LMHeadModel", config.get("architectures").get(0).asText());
        assertEquals("gpt2", config.get("model_type").asText());
        assertEquals(40, config.get("n_inner").asInt());
        assertEquals("float32", config.get("torch_dtype").asText());
    }

    @Test
    void llamaFilesSplitTheFusedProjections() {
        ModelConfig c = TinyModels.llamaGqa();
        TransformerModel model = TinyModels.randomModel(c, true, 5);
        Path dir = tmp.resolve("llama");
        HfModelFolder.saveCausalLm(model, null, dir, DType.F32, null);
        try (SafetensorsReader r = new SafetensorsReader(dir.resolve("model.safetensors"))) {
            assertArrayEquals(new int[] {24, 24}, r.entry("model.layers.0.self_attn.q_proj.weight").shape());
            assertArrayEquals(new int[] {12, 24}, r.entry("model.layers.0.self_attn.k_proj.weight").shape());
            assertArrayEquals(new int[] {12}, r.entry("model.layers.1.self_attn.v_proj.bias").shape());
            assertFalse(r.contains("model.layers.0.self_attn.o_proj.bias"), "Qwen2 has no o_proj bias");
            assertArrayEquals(new int[] {36, 24}, r.entry("model.layers.0.mlp.up_proj.weight").shape());
            assertArrayEquals(new int[] {53, 24}, r.entry("lm_head.weight").shape());
            float[] k = r.read("model.layers.0.self_attn.k_proj.weight").data();
            float[] fused = model.parameters().get("layers.0.attn.qkv.weight").data();
            assertArrayEquals(Arrays.copyOfRange(fused, 24 * 24, 36 * 24), k, "k rows follow q rows in the fused weight");
        }
    }

    @Test
    void bf16FileLoadsToTheRoundedValues() {
        TransformerModel model = TinyModels.randomModel(TinyModels.llamaTied(), true, 6);
        Path dir = tmp.resolve("bf16");
        HfModelFolder.saveCausalLm(model, null, dir, DType.BF16, null);
        TransformerModel loaded = HfModelFolder.open(dir).loadCausalLm();
        model.parameters().forEach((name, p) -> {
            float[] got = loaded.parameters().get(name).data();
            for (int i = 0; i < p.size(); i++) {
                float x = p.data()[i];
                // bf16 keeps the top 16 bits of a float, rounded to nearest even
                int bits = Float.floatToRawIntBits(x);
                int rounded = (bits + 0x7FFF + ((bits >>> 16) & 1)) & 0xFFFF0000;
                assertEquals(Float.intBitsToFloat(rounded), got[i], name + "[" + i + "]");
            }
        });
    }

    @Test
    void loadsShardedCheckpointsAndBareBodyNames() throws IOException {
        TransformerModel model = TinyModels.randomModel(TinyModels.gpt2(), true, 7);
        Path saved = tmp.resolve("single");
        HfModelFolder.saveCausalLm(model, null, saved, DType.F32, null);
        Map<String, Tensor> all = SafetensorsReader.readAll(saved.resolve("model.safetensors"));
        // two shards, and names without "transformer." as GPT2Model saves them
        Path sharded = tmp.resolve("sharded");
        Files.createDirectories(sharded);
        Files.copy(saved.resolve("config.json"), sharded.resolve("config.json"));
        Map<String, Tensor> a = new LinkedHashMap<>();
        Map<String, Tensor> b = new LinkedHashMap<>();
        StringBuilder index = new StringBuilder("{\"metadata\": {}, \"weight_map\": {");
        int i = 0;
        for (var e : all.entrySet()) {
            String bare = e.getKey().replaceFirst("^transformer\\.", "");
            String file = i++ % 2 == 0 ? "model-00001-of-00002.safetensors" : "model-00002-of-00002.safetensors";
            (file.startsWith("model-00001") ? a : b).put(bare, e.getValue());
            index.append(i > 1 ? "," : "").append('"').append(bare).append("\": \"").append(file).append('"');
        }
        index.append("}}");
        SafetensorsWriter.write(sharded.resolve("model-00001-of-00002.safetensors"), a, Map.of(), DType.F32);
        SafetensorsWriter.write(sharded.resolve("model-00002-of-00002.safetensors"), b, Map.of(), DType.F32);
        Files.writeString(sharded.resolve("model.safetensors.index.json"), index);
        TransformerModel loaded = HfModelFolder.open(sharded).loadCausalLm();
        model.parameters().forEach((k, v) -> assertArrayEquals(v.data(), loaded.parameters().get(k).data(), k));
    }

    @Test
    void savingReplacesAnExistingFolderAndCopiesTokenizerFiles() throws IOException {
        Path tokenizer = tmp.resolve("tok");
        Files.createDirectories(tokenizer);
        Files.writeString(tokenizer.resolve("tokenizer.json"), "{\"fake\": true}");
        Files.writeString(tokenizer.resolve("tokenizer_config.json"), "{}");
        Path dir = tmp.resolve("out");
        HfModelFolder.saveCausalLm(TinyModels.randomModel(TinyModels.gpt2(), true, 1), null, dir, DType.F32, tokenizer);
        Files.writeString(dir.resolve("metrics.jsonl"), "{\"step\": 1}\n");
        TransformerModel second = TinyModels.randomModel(TinyModels.gpt2(), true, 2);
        HfModelFolder.saveCausalLm(second, null, dir, DType.F32, tokenizer);
        assertEquals("{\"step\": 1}\n", Files.readString(dir.resolve("metrics.jsonl")), "other files of the folder stay");
        assertEquals("{\"fake\": true}", Files.readString(dir.resolve("tokenizer.json")));
        assertArrayEquals(second.parameters().get("embed.weight").data(),
                HfModelFolder.open(dir).loadCausalLm().parameters().get("embed.weight").data());
        try (var files = Files.list(tmp)) {
            assertEquals(0, files.filter(p -> p.getFileName().toString().startsWith(".")).count(), "no staging folder left");
        }
    }

    @Test
    void savedFolderFilesAllHaveThePlainFileMode() throws IOException {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "POSIX permissions only");
        Path tokenizer = TokenizerFixtures.gpt2(tmp.resolve("tok"));
        TokenizerFixtures.writeConfig(tokenizer, "{\"model_max_length\": 64}");
        Files.writeString(tokenizer.resolve("generation_config.json"), "{}");
        // source files with other modes: a tokenizer taken from a folder saved by an older
        // rlhf4j (0600 weights and config), or unpacked from an archive with executable bits
        Files.setPosixFilePermissions(tokenizer.resolve("tokenizer_config.json"), PosixFilePermissions.fromString("rw-------"));
        Files.setPosixFilePermissions(tokenizer.resolve("generation_config.json"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Path plain = Files.writeString(tmp.resolve("plain.txt"), "x");
        String expected = PosixFilePermissions.toString(Files.getPosixFilePermissions(plain));

        Path dir = tmp.resolve("model");
        HfModelFolder.saveCausalLm(TinyModels.randomModel(TinyModels.gpt2(), true, 1), null, dir, DType.F32, tokenizer);
        assertOneMode(dir, expected, 5);
        HfModelFolder.saveScalarHead(ScalarHeadModel.fromCausalLm(TinyModels.randomModel(TinyModels.gpt2(), true, 2), 3),
                null, dir, DType.BF16, tokenizer);
        assertOneMode(dir, expected, 5);
    }

    private static void assertOneMode(Path dir, String expected, int files) throws IOException {
        Map<String, String> modes = new java.util.TreeMap<>();
        try (Stream<Path> list = Files.list(dir)) {
            for (Path f : list.toList()) {
                modes.put(f.getFileName().toString(), PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
            }
        }
        assertEquals(files, modes.size(), modes.toString());
        assertEquals(Set.of(expected), Set.copyOf(modes.values()), "one mode, that of a plain new file: " + modes);
    }

    // ---- bad folders ----

    private Path savedGpt2(String name) {
        Path dir = tmp.resolve(name);
        HfModelFolder.saveCausalLm(TinyModels.randomModel(TinyModels.gpt2(), true, 1), null, dir, DType.F32, null);
        return dir;
    }

    private static String error(Path dir) {
        return assertThrows(HfFormatException.class, () -> HfModelFolder.open(dir).loadCausalLm()).getMessage();
    }

    @Test
    void missingFolderOrConfigIsNamed() throws IOException {
        String m = error(tmp.resolve("nowhere"));
        assertTrue(m.contains("nowhere") && m.contains("no such folder"), m);
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        m = error(empty);
        assertTrue(m.contains("config.json") && m.contains("not found"), m);
    }

    @Test
    void unsupportedArchitectureIsNamed() throws IOException {
        Path dir = savedGpt2("mixtral");
        Files.writeString(dir.resolve("config.json"), "{\"model_type\": \"mixtral\", \"hidden_size\": 16}");
        String m = error(dir);
        assertTrue(m.contains("config.json") && m.contains("model_type 'mixtral' is not supported"), m);
    }

    @Test
    void malformedConfigNamesFileAndField() throws IOException {
        Path dir = savedGpt2("badfield");
        String json = Files.readString(dir.resolve("config.json")).replace("\"n_head\" : 2", "\"n_head\" : \"two\"");
        Files.writeString(dir.resolve("config.json"), json);
        String m = error(dir);
        assertTrue(m.contains("config.json") && m.contains("field n_head") && m.contains("integer"), m);
        Files.writeString(dir.resolve("config.json"), "{\"model_type\": ");
        m = error(dir);
        assertTrue(m.contains("config.json") && m.contains("not valid JSON"), m);
    }

    @Test
    void missingTensorIsNamed() {
        Path dir = savedGpt2("missing");
        Map<String, Tensor> all = SafetensorsReader.readAll(dir.resolve("model.safetensors"));
        all.remove("transformer.h.1.mlp.c_fc.bias");
        SafetensorsWriter.write(dir.resolve("model.safetensors"), all, Map.of(), DType.F32);
        String m = error(dir);
        assertTrue(m.contains("missing tensor transformer.h.1.mlp.c_fc.bias"), m);
    }

    @Test
    void shapeMismatchNamesFileTensorAndShapes() throws IOException {
        Path dir = savedGpt2("shape");
        String json = Files.readString(dir.resolve("config.json")).replace("\"n_inner\" : 40", "\"n_inner\" : 44");
        Files.writeString(dir.resolve("config.json"), json);
        String m = error(dir);
        assertTrue(m.contains("model.safetensors") && m.contains("transformer.h.0.mlp.c_fc.weight")
                && m.contains("[16, 40]") && m.contains("[16, 44]"), m);
    }

    @Test
    void truncatedFileIsNamed() throws IOException {
        Path dir = savedGpt2("truncated");
        Path file = dir.resolve("model.safetensors");
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length - 100));
        String m = error(dir);
        assertTrue(m.contains("model.safetensors") && m.contains("truncated"), m);
    }

    @Test
    void pytorchBinOnlyFolderSaysWhatToDo() throws IOException {
        Path dir = savedGpt2("bin");
        Files.move(dir.resolve("model.safetensors"), dir.resolve("pytorch_model.bin"));
        String m = error(dir);
        assertTrue(m.contains("pytorch_model.bin") && m.contains("safe_serialization=True"), m);
    }

    @Test
    void missingShardIsNamed() throws IOException {
        Path dir = savedGpt2("shardless");
        Files.delete(dir.resolve("model.safetensors"));
        Files.writeString(dir.resolve("model.safetensors.index.json"),
                "{\"weight_map\": {\"transformer.wte.weight\": \"model-00001-of-00002.safetensors\"}}");
        String m = error(dir);
        assertTrue(m.contains("model-00001-of-00002.safetensors") && m.contains("missing"), m);
    }

    private static void assertFilesEqual(Path a, Path b) {
        try {
            assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b), a + " vs " + b);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
