package org.rlhf4j.labeling;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.rlhf4j.labeling.db.Database;
import org.rlhf4j.model.TransformerModel;
import org.rlhf4j.model.generate.Generation;
import org.rlhf4j.model.generate.Generator;
import org.rlhf4j.model.generate.SamplingConfig;
import org.rlhf4j.model.hf.HfModelFolder;
import org.rlhf4j.model.tokenizer.HfTokenizer;

/**
 * Fills the project with candidate outputs sampled from a causal LM (a Hugging Face model
 * folder with its tokenizer): every prompt with fewer than {@code samples} outputs under the
 * model's name gets the missing ones, so a second run over the same prompts adds nothing and
 * an interrupted run picks up where it stopped.
 *
 * <p>Work goes out in batches of {@code batchSize} (prompt, sample) pairs in prompt order.
 * Row i of a batch samples from stream {@code s + i}, where s hashes the seed with the batch's
 * first prompt id and sample index: the samples of one prompt differ, and the same database,
 * seed and batch size give the same texts.
 */
public final class CandidateGenerator {

    /**
     * One run. {@code modelName} is what the outputs are stored under (null or blank: the
     * folder's name); {@code samples} outputs per prompt from that model.
     */
    public record Config(String modelName, int samples, int maxNewTokens, float temperature, float topP, long seed,
                         int batchSize) {
        public Config {
            if (samples < 1 || samples > 100) {
                throw new IllegalArgumentException("samples per prompt must be between 1 and 100, got " + samples);
            }
            if (maxNewTokens < 1) {
                throw new IllegalArgumentException("max new tokens must be at least 1, got " + maxNewTokens);
            }
            if (!(temperature > 0)) {
                throw new IllegalArgumentException("temperature must be > 0, got " + temperature);
            }
            if (!(topP > 0 && topP <= 1)) {
                throw new IllegalArgumentException("top-p must be in (0, 1], got " + topP);
            }
            if (batchSize < 1) {
                throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
            }
        }

        /** The name outputs are stored under: {@code modelName}, or the folder's name. */
        public String nameFor(Path modelDir) {
            if (modelName != null && !modelName.isBlank()) {
                return modelName;
            }
            Path name = modelDir.toAbsolutePath().normalize().getFileName();
            return name == null ? "model" : name.toString();
        }
    }

    /**
     * {@code generated}: outputs stored; {@code skipped}: prompts too long for the model's
     * positions plus the new tokens; {@code empty}: samples that decoded to no text (the
     * model stopped at once), not stored.
     */
    public record Result(String model, int generated, int skipped, int empty) { }

    /** Called after every batch with the samples done so far out of all to do. */
    @FunctionalInterface
    public interface Progress {
        void update(int done, int total);
    }

    /** One sample to draw: the prompt's tokens and which of its samples this is. */
    private record Work(long promptId, int[] ids, int sampleIndex) { }

    private final ProjectStore project;

    public CandidateGenerator(Database db) {
        this.project = new ProjectStore(db);
    }

    /**
     * Generates the missing outputs. Stops between batches, keeping what is stored, when the
     * thread is interrupted (then throws {@link InterruptedException}).
     */
    public Result run(Path modelDir, Config config, Progress progress) throws IOException, InterruptedException {
        String name = config.nameFor(modelDir);
        TransformerModel model = HfModelFolder.open(modelDir).loadCausalLm();
        try (HfTokenizer tokenizer = HfTokenizer.load(modelDir)) {
            int[] stops = model.config().eosTokenIds();
            if (stops.length == 0 && tokenizer.eosId() >= 0) {
                stops = new int[] {tokenizer.eosId()};
            }
            int maxPositions = model.config().maxPositions();
            List<Work> work = new ArrayList<>();
            int skipped = 0;
            for (ProjectStore.PromptOutputs p : project.outputsOf(name)) {
                if (p.outputs() >= config.samples()) {
                    continue;
                }
                int[] ids = tokenizer.encode(p.text(), true);
                if (ids.length == 0 || (maxPositions > 0 && ids.length + config.maxNewTokens() > maxPositions)) {
                    skipped++;
                    continue;
                }
                for (int s = p.outputs(); s < config.samples(); s++) {
                    work.add(new Work(p.id(), ids, s));
                }
            }

            Generator generator = new Generator(model);
            int generated = 0;
            int empty = 0;
            progress.update(0, work.size());
            for (int from = 0; from < work.size(); from += config.batchSize()) {
                if (Thread.interrupted()) {
                    throw new InterruptedException("generation stopped after " + generated + " outputs");
                }
                List<Work> batch = work.subList(from, Math.min(work.size(), from + config.batchSize()));
                Work first = batch.getFirst();
                SamplingConfig sampling = new SamplingConfig(config.maxNewTokens(), config.temperature(), 0, config.topP(),
                        false, batchSeed(config.seed(), first.promptId(), first.sampleIndex()), stops);
                Generation g = generator.generate(batch.stream().map(Work::ids).toList(), sampling);
                for (int i = 0; i < batch.size(); i++) {
                    String text = tokenizer.decode(knownIds(g.tokens()[i], tokenizer.vocabSize()), true);
                    if (text.isEmpty()) {
                        empty++;
                    } else {
                        project.addCandidate(batch.get(i).promptId(), name, text);
                        generated++;
                    }
                }
                progress.update(from + batch.size(), work.size());
            }
            return new Result(name, generated, skipped, empty);
        }
    }

    /** SplitMix64-style hash of the run's seed and where the batch starts. */
    static long batchSeed(long seed, long promptId, int sampleIndex) {
        long z = seed + 0x9E3779B97F4A7C15L * (promptId * 1_000_003L + sampleIndex + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Model vocabularies are often padded past the tokenizer's; those ids have no text. */
    private static int[] knownIds(int[] ids, int tokenizerVocab) {
        return Arrays.stream(ids).filter(id -> id < tokenizerVocab).toArray();
    }
}
