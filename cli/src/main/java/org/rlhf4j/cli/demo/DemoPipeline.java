package org.rlhf4j.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.rlhf4j.eval.EvalOptions;
import org.rlhf4j.eval.Evaluation;
import org.rlhf4j.eval.PromptFormat;
import org.rlhf4j.eval.report.EvalResults;
import org.rlhf4j.eval.report.ReportWriter;
import org.rlhf4j.labeling.CandidateGenerator;
import org.rlhf4j.labeling.ProjectSettings;
import org.rlhf4j.labeling.ProjectStore;
import org.rlhf4j.labeling.TaskType;
import org.rlhf4j.labeling.db.Database;
import org.rlhf4j.labeling.export.Exporter;
import org.rlhf4j.model.Architecture;
import org.rlhf4j.model.ModelConfig;
import org.rlhf4j.model.TransformerModel;
import org.rlhf4j.model.hf.HfModelFolder;
import org.rlhf4j.model.tokenizer.HfTokenizer;
import org.rlhf4j.sim.judge.ResponseChecks;
import org.rlhf4j.sim.labelers.Fluency;
import org.rlhf4j.sim.labelers.LabelerPanel;
import org.rlhf4j.sim.labelers.CorpusFluency;
import org.rlhf4j.sim.world.World;
import org.rlhf4j.sim.labelers.StoreLabeling;
import org.rlhf4j.sim.prompts.PromptGenerator;
import org.rlhf4j.sim.prompts.SimPrompt;
import org.rlhf4j.sim.prompts.SimPromptJson;
import org.rlhf4j.sim.prompts.Split;
import org.rlhf4j.sim.tokenizer.TokenizerTraining;
import org.rlhf4j.tensor.io.DType;
import org.rlhf4j.train.config.PpoConfig;
import org.rlhf4j.train.config.PretrainConfig;
import org.rlhf4j.train.config.RmConfig;
import org.rlhf4j.train.config.SftConfig;
import org.rlhf4j.train.lm.PretrainTrainer;
import org.rlhf4j.train.lm.SftTrainer;
import org.rlhf4j.train.ppo.PpoTrainer;
import org.rlhf4j.train.rm.RewardTrainer;
import org.rlhf4j.train.run.Checkpoints;
import org.rlhf4j.train.run.MetricsLog;

/**
 * InstructGPT in miniature, stage by stage, in one run folder: the world (prompts, corpus split),
 * a tokenizer, a pretrained base model, demonstrations by the training labelers through the labeling
 * store, SFT, K sampled outputs ranked by the same labelers, the K-wise reward model, PPO and
 * PPO-ptx, and the evaluation of all four models by the held-out labelers. Each stage leaves its
 * result in its own folder and is recorded in {@code stages.json} when finished; a rerun skips
 * finished stages and resumes a trainer from its newest checkpoint.
 */
public final class DemoPipeline {
    /** The stages, in order. */
    public static final List<String> STAGES = List.of("world", "tokenizer", "pretrain", "demonstrations", "sft",
            "rankings", "rm", "ppo", "ppo-ptx", "eval");

    /** PPO-ptx's pretraining coefficient: the paper's 27.8 is for 8x as many pretraining tokens as RL tokens. */
    static final double PTX_COEF = 1.0;

    private final Path run;
    private final DemoSettings s;
    private final long seed;
    private final PrintStream log;
    private final StageLog stages;
    private final LabelerPanel panel;
    private Fluency fluency;
    private final java.util.Set<String> skipped = new java.util.LinkedHashSet<>();

    public DemoPipeline(Path run, DemoSettings settings, long seed, PrintStream log) {
        this.run = run;
        this.s = settings;
        this.seed = seed;
        this.log = log;
        try {
            Files.createDirectories(run);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the run folder " + run, e);
        }
        this.stages = new StageLog(run);
        this.panel = LabelerPanel.create(seed);
    }

    @FunctionalInterface
    private interface Stage {
        void run() throws Exception;
    }

    /** Runs the stages not yet done; returns the evaluation's results (read back when the eval was done before). */
    public EvalResults run() throws Exception {
        stage("world", this::world);
        stage("tokenizer", this::tokenizer);
        stage("pretrain", this::pretrain);
        stage("demonstrations", this::demonstrations);
        stage("sft", this::sft);
        stage("rankings", this::rankings);
        stage("rm", this::rm);
        stage("ppo", () -> ppo("ppo", 0));
        stage("ppo-ptx", () -> ppo("ppo-ptx", PTX_COEF));
        stage("eval", this::eval);
        return org.rlhf4j.eval.report.ResultsJson.read(run.resolve("results.json"));
    }

    public Map<String, Double> stageSeconds() {
        return stages.seconds();
    }

    /** Whether this run skipped the stage because an earlier run had finished it. */
    public boolean skipped(String stage) {
        return skipped.contains(stage);
    }

    private void stage(String name, Stage stage) throws Exception {
        int index = STAGES.indexOf(name) + 1;
        if (stages.done(name)) {
            skipped.add(name);
            log.printf(Locale.ROOT, "demo: stage %d/%d %s: done before (%.0f s), skipped%n", index, STAGES.size(), name,
                    stages.seconds().get(name));
            return;
        }
        log.printf(Locale.ROOT, "demo: stage %d/%d %s%n", index, STAGES.size(), name);
        long start = System.nanoTime();
        stage.run();
        double took = (System.nanoTime() - start) / 1e9;
        stages.finished(name, took);
        log.printf(Locale.ROOT, "demo: stage %s finished in %.1f s%n", name, took);
    }

    private Path path(String first, String... more) {
        return run.resolve(Path.of(first, more));
    }

    // --- stage 0: the world ---

    private void world() throws IOException {
        Files.createDirectories(path("world"));
        PromptGenerator generator = new PromptGenerator(seed);
        List<SimPrompt> train = generator.split(Split.TRAIN, s.sftPrompts() + s.rmPrompts() + s.ppoPrompts());
        int a = s.sftPrompts();
        int b = a + s.rmPrompts();
        SimPromptJson.write(path("world", "sft-prompts.jsonl"), train.subList(0, a));
        SimPromptJson.write(path("world", "rm-prompts.jsonl"), train.subList(a, b));
        SimPromptJson.write(path("world", "ppo-prompts.jsonl"), train.subList(b, train.size()));
        SimPromptJson.write(path("world", "test.jsonl"), generator.split(Split.TEST, s.testPrompts()));
        CorpusSplit.write(path("world", "pretrain.txt"), path("world", "heldout.txt"));
        log.printf(Locale.ROOT, "demo: %d SFT, %d RM, %d PPO and %d test prompts; corpus split into pretraining and held-out text%n",
                a, s.rmPrompts(), train.size() - b, s.testPrompts());
    }

    // --- step 0: tokenizer and base model ---

    private void tokenizer() throws IOException {
        // ChatML, so that `rlhf4j chat` can talk to the demo's models too.
        TokenizerTraining.run(new TokenizerTraining.Options(List.of(path("world", "pretrain.txt")), s.vocabSize(), 2,
                List.of("<|endoftext|>"), "chatml", s.positions(), path("tokenizer")), log);
    }

    private void pretrain() throws IOException {
        Path init = path("base-init");
        if (!Files.exists(init.resolve("model.safetensors"))) {
            try (HfTokenizer tokenizer = HfTokenizer.load(path("tokenizer"))) {
                int eos = tokenizer.eosId();
                // No dropout: a small model on this much text underfits rather than overfits.
                ModelConfig shape = new ModelConfig(Architecture.GPT2, tokenizer.vocabSize(), s.dModel(), s.layers(),
                        s.heads(), s.heads(), s.dModel() / s.heads(), s.ffn(), s.positions(), 1e-5f, 10000, null,
                        true, true, true, true, 0f, 0f, tokenizer.bosId(), new int[] {eos}, tokenizer.padId());
                HfModelFolder.saveCausalLm(TransformerModel.initialise(shape, true, seed), null, init, DType.F32,
                        path("tokenizer"));
            }
        }
        PretrainConfig c = new PretrainConfig();
        c.model = init.toString();
        c.out = path("base").toString();
        c.data = List.of(path("world", "pretrain.txt").toString());
        c.blockLength = s.blockLength();
        c.batchSize = s.pretrainBatch();
        c.maxSteps = s.pretrainSteps();
        c.learningRate = 1e-3;
        c.warmupSteps = Math.max(1, s.pretrainSteps() / 20);
        c.validationFraction = 0.002;
        c.checkpointEvery = Math.max(50, s.pretrainSteps() / 5);
        c.seed = seed;
        c.validate();
        PretrainTrainer.train(c, resuming(c.out), log);
    }

    // --- step 1: demonstrations and SFT ---

    private void demonstrations() throws IOException {
        List<SimPrompt> prompts = SimPromptJson.read(path("world", "sft-prompts.jsonl"));
        Path db = freshDatabase("sft");
        try (Database database = Database.open(db.toString())) {
            ProjectStore project = new ProjectStore(database);
            project.update(new ProjectSettings("demo: demonstrations", s.k(), 1, true, false));
            prompts.forEach(p -> project.addPrompt(p.prompt()));
            StoreLabeling labeling = new StoreLabeling(database, prompts, ResponseChecks.standard()::measure, Fluency.NONE, seed);
            StoreLabeling.Summary done = labeling.work(panel.training(), TaskType.DEMONSTRATION, n -> { });
            Exporter.Result exported = Exporter.export(database, path("labeling", "sft"));
            log.printf(Locale.ROOT, "demo: %d demonstrations written by %d training labelers (%d skipped)%n",
                    exported.demonstrations(), panel.training().size(), done.skipped());
        }
    }

    private void sft() {
        SftConfig c = new SftConfig();
        c.model = path("base").toString();
        c.out = path("sft").toString();
        c.data = path("labeling", "sft", "demonstrations.jsonl").toString();
        c.epochs = s.sftEpochs();
        c.batchSize = 16;
        c.learningRate = 2e-4;
        c.warmupSteps = 10;
        c.maxLength = s.positions();
        c.validationFraction = 0.05;
        c.skipBadRecords = true; // a demonstration too long for the model's positions is left out, and counted
        c.seed = seed;
        c.validate();
        SftTrainer.train(c, resuming(c.out), log);
    }

    // --- step 2: rankings and the reward model ---

    private void rankings() throws IOException, InterruptedException {
        List<SimPrompt> prompts = SimPromptJson.read(path("world", "rm-prompts.jsonl"));
        Path db = freshDatabase("rm");
        try (Database database = Database.open(db.toString())) {
            ProjectStore project = new ProjectStore(database);
            project.update(new ProjectSettings("demo: rankings", s.k(), s.overlap(), false, true));
            prompts.forEach(p -> project.addPrompt(p.prompt()));
            var progress = new org.rlhf4j.train.run.Progress(log, "demo: sampling SFT outputs", (long) prompts.size() * s.k());
            new CandidateGenerator(database).run(path("sft"), new CandidateGenerator.Config("sft", s.k(),
                    s.responseLength(), 1f, 1f, seed, 16), (done, total) -> progress.update(done, "outputs", false));
            progress.finish();
            StoreLabeling labeling = new StoreLabeling(database, prompts, ResponseChecks.standard()::measure, fluency(), seed);
            StoreLabeling.Summary done = labeling.work(panel.training(), TaskType.RANKING, n -> { });
            Exporter.Result exported = Exporter.export(database, path("labeling", "rm"));
            log.printf(Locale.ROOT, "demo: %d rankings of K=%d outputs by %d training labelers (%d skipped); agreement %s%%%n",
                    exported.comparisons(), s.k(), panel.training().size(), done.skipped(), exported.agreement().percent());
        }
    }

    private void rm() {
        RmConfig c = new RmConfig();
        c.model = path("sft").toString();
        c.out = path("rm").toString();
        c.data = path("labeling", "rm", "comparisons.jsonl").toString();
        c.demonstrations = path("labeling", "sft", "demonstrations.jsonl").toString();
        c.epochs = s.rmEpochs();
        c.batchSize = 8;
        c.learningRate = 2e-4;
        c.warmupSteps = 10;
        c.maxLength = s.positions();
        c.validationFraction = 0.1;
        c.skipBadRecords = true;
        c.seed = seed;
        c.validate();
        RewardTrainer.train(c, resuming(c.out), log);
    }

    // --- step 3: PPO and PPO-ptx ---

    private void ppo(String name, double ptxCoef) {
        PpoConfig c = new PpoConfig();
        c.model = path("sft").toString();
        c.rewardModel = path("rm").toString();
        c.prompts = path("world", "ppo-prompts.jsonl").toString();
        c.out = path(name).toString();
        c.totalEpisodes = s.ppoEpisodes();
        c.batchSize = s.ppoBatch();
        c.numMiniBatches = 4;
        c.numPpoEpochs = 2;
        c.responseLength = s.responseLength();
        c.learningRate = 3e-5;
        c.warmupSteps = 2;
        c.lrSchedulerType = "constant_with_warmup";
        // An adaptive KL coefficient (Ziegler et al.): a small policy finds the reward model's blind spots
        // fast (with beta fixed at 0.05 it drifted 20+ nats to repeat "I'm not sure"); the controller
        // raises beta whenever the KL runs above the target.
        c.klCoef = 0.1;
        c.klTarget = 6;
        c.klHorizon = s.ppoEpisodes();
        c.ptxCoef = ptxCoef;
        c.ptxData = ptxCoef > 0 ? List.of(path("world", "pretrain.txt").toString()) : List.of();
        c.sampleEvery = 10;
        c.checkpointEvery = 10;
        c.skipBadRecords = true;
        c.seed = seed;
        c.validate();
        PpoTrainer.train(c, resuming(c.out), log);
    }

    // --- the evaluation ---

    private void eval() throws IOException {
        Map<String, Path> models = new LinkedHashMap<>();
        models.put("base", path("base"));
        models.put("sft", path("sft"));
        models.put("ppo", path("ppo"));
        models.put("ppo-ptx", path("ppo-ptx"));
        List<SimPrompt> test = SimPromptJson.read(path("world", "test.jsonl"));
        EvalOptions options = new EvalOptions(models, "sft", test, org.rlhf4j.sim.labelers.LabelerGroup.HELD_OUT, null,
                path("world", "heldout.txt"), s.heldOutTokens(), path("rm"), PromptFormat.PLAIN, s.responseLength(), 1f,
                Math.min(50, s.testPrompts() / 4), 16, seed);
        EvalResults evaluated = new Evaluation(options, ResponseChecks.standard()::measure, panel, fluency(), log).run();
        Map<String, List<EvalResults.CurvePoint>> curves = new LinkedHashMap<>();
        curves.put("ppo", curve(path("ppo", "metrics.jsonl")));
        curves.put("ppo-ptx", curve(path("ppo-ptx", "metrics.jsonl")));
        Map<String, Double> times = stages.seconds();
        EvalResults.Setup setup = new EvalResults.Setup(evaluated.setup().models(), evaluated.setup().baseline(),
                evaluated.setup().judges(), evaluated.setup().testPrompts(), seed, facts(), times);
        EvalResults results = new EvalResults(setup, evaluated.models(), evaluated.rewardModel(), curves,
                evaluated.samples());
        ReportWriter.write(results, run);
    }

    /**
     * The labelers' sense of fluency: a word bigram model of the corpus (see {@link CorpusFluency} for
     * why not the base model), calibrated on the reference answers of SFT prompts. Built once.
     */
    private Fluency fluency() throws IOException {
        if (fluency == null) {
            List<SimPrompt> calibration = SimPromptJson.read(path("world", "sft-prompts.jsonl"));
            fluency = new CorpusFluency(World.standard().corpus().sentences(),
                    calibration.subList(0, Math.min(64, calibration.size())));
        }
        return fluency;
    }

    private Map<String, String> facts() throws IOException {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("model", String.format(Locale.ROOT, "GPT-2 shape, %d layers, d %d, %d heads, %d positions, vocabulary %d",
                s.layers(), s.dModel(), s.heads(), s.positions(), s.vocabSize()));
        facts.put("pretraining", s.pretrainSteps() + " steps of " + s.pretrainBatch() + " x " + s.blockLength() + " tokens");
        facts.put("SFT demonstrations", String.valueOf(lines(path("labeling", "sft", "demonstrations.jsonl"))));
        facts.put("RM rankings", lines(path("labeling", "rm", "comparisons.jsonl")) + " (K = " + s.k() + ", "
                + s.overlap() + " labelers per prompt)");
        facts.put("PPO", s.ppoEpisodes() + " episodes, " + s.ppoBatch() + " per iteration; PPO-ptx coefficient " + PTX_COEF);
        facts.put("labelers", panel.training().size() + " training, " + panel.heldOut().size() + " held-out (simulated)");
        facts.put("labeler agreement", agreement());
        return facts;
    }

    private String agreement() throws IOException {
        Path file = path("labeling", "rm", "agreement.json");
        JsonNode a = new com.fasterxml.jackson.databind.ObjectMapper().readTree(file.toFile());
        JsonNode rate = a.get("pairwise_agreement");
        return rate == null || rate.isNull() ? "n/a" : String.format(Locale.ROOT, "%.1f%% of %d pairs", 100 * rate.asDouble(),
                a.get("compared_pairs").asLong());
    }

    private static long lines(Path file) throws IOException {
        try (var l = Files.lines(file)) {
            return l.filter(x -> !x.isBlank()).count();
        }
    }

    private static List<EvalResults.CurvePoint> curve(Path metrics) {
        List<EvalResults.CurvePoint> points = new ArrayList<>();
        for (JsonNode row : MetricsLog.read(metrics)) {
            JsonNode score = row.get("objective/scores");
            JsonNode kl = row.get("objective/kl");
            JsonNode step = row.get("step");
            if (score != null && kl != null && step != null) {
                points.add(new EvalResults.CurvePoint(step.asInt(), score.asDouble(), kl.asDouble()));
            }
        }
        return points;
    }

    /** A trainer's folder: resumed when it holds a checkpoint, otherwise started afresh (an unfinished start is wiped). */
    private boolean resuming(String out) {
        Path dir = Path.of(out);
        if (new Checkpoints(dir, 2).latest().isPresent()) {
            return true;
        }
        deleteTree(dir);
        return false;
    }

    /** The stage's labeling database, new: a stage interrupted half-way starts its labeling over (it takes seconds). */
    private Path freshDatabase(String name) throws IOException {
        Path db = path("labeling", name + ".db");
        Files.createDirectories(db.getParent());
        for (String suffix : List.of("", "-wal", "-shm", "-journal")) {
            Files.deleteIfExists(db.resolveSibling(db.getFileName() + suffix));
        }
        return db;
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear " + dir, e);
        }
    }
}
