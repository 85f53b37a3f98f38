package org.rlhf4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rlhf4j.model.ScalarHeadModel;
import org.rlhf4j.model.hf.HfModelFolder;
import org.rlhf4j.model.tokenizer.ChatMessage;
import org.rlhf4j.model.tokenizer.HfTokenizer;
import org.rlhf4j.model.tokenizer.TokenizerFixtures;
import org.rlhf4j.tensor.Autograd;
import org.rlhf4j.tensor.io.DType;
import org.rlhf4j.train.data.Comparison;
import org.rlhf4j.train.data.ComparisonTokenizer;
import org.rlhf4j.train.data.Source;
import org.rlhf4j.train.rm.RewardScoring;

/** score on a tiny random reward model (GPT-2, 1 layer, d 32, EOS-terminated tokenizer), and generate refusing it. */
class ScoreCommandTest {
    private static final float BIAS = 0.75f;
    private static final float SHIFT = 1.5f;
    private static final Pattern LINE = Pattern.compile("line=(\\d+) reward=(-?\\d+\\.\\d{4})");
    private static final Pattern MEAN = Pattern.compile("records=(\\d+) mean_reward=(-?\\d+\\.\\d{4})");

    @TempDir
    static Path tmp;
    static Path causalLm;
    static Path rewardModel;
    static Path shiftedRewardModel;
    static Path data;

    @BeforeAll
    static void tinyRewardModels() throws IOException {
        Path tokenizer = TokenizerFixtures.gpt2(tmp.resolve("tok"));
        TokenizerFixtures.writeConfig(tokenizer, "{\"bos_token\": \"<|endoftext|>\", \"eos_token\": \"<|endoftext|>\"}");
        causalLm = tmp.resolve("lm");
        CommandsTest.Run r = CommandsTest.run("init", "--arch", "gpt2", "--tokenizer", tokenizer.toString(), "--out",
                causalLm.toString(), "--layers", "1", "--d-model", "32", "--heads", "2", "--positions", "64", "--seed", "3");
        assertEquals(0, r.code(), r.err());
        rewardModel = saveRewardModel("rm", BIAS);
        shiftedRewardModel = saveRewardModel("rm-shifted", BIAS + SHIFT);
        data = Files.write(tmp.resolve("samples.jsonl"), List.of(
                "{\"prompt\": \"hello\", \"completion\": \" world\"}",
                "",
                "{\"prompt\": \"the world says\", \"completion\": \" hello hello hello, the end\"}",
                "{\"prompt\": \"a\", \"completion\": \"!\"}",
                "{\"messages\": [{\"role\": \"user\", \"content\": \"hello\"}, {\"role\": \"assistant\", \"content\": \"world\"}]}",
                "{\"prompt\": \"say\", \"completion\": \" the world\"}"));
    }

    /** The same random head (seed 7) on the init model's body, with the given stored bias. */
    private static Path saveRewardModel(String name, float bias) {
        ScalarHeadModel rm = ScalarHeadModel.fromCausalLm(HfModelFolder.open(causalLm).loadCausalLm(), 7);
        rm.rewardBias(bias);
        Path dir = tmp.resolve(name);
        HfModelFolder.saveScalarHead(rm, null, dir, DType.F32, causalLm);
        return dir;
    }

    /** What score printed: file line -> reward, in printed order, and the final line's count and mean. */
    record Scores(int[] lines, double[] rewards, int records, double mean) {}

    private static Scores parse(CommandsTest.Run run) {
        assertEquals(0, run.code(), run.err());
        List<String> out = run.out().strip().lines().toList();
        int n = out.size() - 1;
        int[] lines = new int[n];
        double[] rewards = new double[n];
        for (int i = 0; i < n; i++) {
            Matcher m = LINE.matcher(out.get(i));
            assertTrue(m.matches(), run.out());
            lines[i] = Integer.parseInt(m.group(1));
            rewards[i] = Double.parseDouble(m.group(2));
        }
        Matcher m = MEAN.matcher(out.get(n));
        assertTrue(m.matches(), run.out());
        return new Scores(lines, rewards, Integer.parseInt(m.group(1)), Double.parseDouble(m.group(2)));
    }

    /** prompt ++ completion ++ EOS as the reward trainer tokenizes a response of a comparison. */
    private static int[] asRewardTrainingSaw(HfTokenizer tokenizer, String prompt, String completion) {
        Comparison c = Comparison.pairwise(prompt, completion, "unused", new Source(Path.of("t"), 1));
        return new ComparisonTokenizer(tokenizer, 64).tokenize(c).sequences()[0];
    }

    private static float[] directRewards(Path dir, List<int[]> sequences) {
        ScalarHeadModel rm = HfModelFolder.open(dir).loadScalarHead();
        try (var g = Autograd.noGrad()) {
            return RewardScoring.rewards(rm, sequences).data().clone();
        }
    }

    @Test
    void printedRewardsAreTheRewardModelsOnTheSequencesItWasTrainedOn() throws IOException {
        CommandsTest.Run run = CommandsTest.run("score", "--model", rewardModel.toString(), "--data", data.toString(),
                "--batch-size", "2");
        Scores s = parse(run);
        assertEquals(5, s.records());
        assertEquals("[1, 3, 4, 5, 6]", Arrays.toString(s.lines()), "file order, blank line 2 skipped");

        List<int[]> sequences = new ArrayList<>();
        List<int[]> withoutEos = new ArrayList<>();
        try (HfTokenizer tokenizer = HfTokenizer.load(rewardModel)) {
            String[][] pc = {{"hello", " world"}, {"the world says", " hello hello hello, the end"}, {"a", "!"}};
            for (String[] p : pc) {
                sequences.add(asRewardTrainingSaw(tokenizer, p[0], p[1]));
            }
            sequences.add(tokenizer.encodeChat(List.of(new ChatMessage("user", "hello"),
                    new ChatMessage("assistant", "world"))).ids());
            sequences.add(asRewardTrainingSaw(tokenizer, "say", " the world"));
            assertTrue(tokenizer.eosId() >= 0);
            for (int[] seq : sequences) {
                withoutEos.add(Arrays.copyOf(seq, seq.length - 1));
            }
        }
        // one batch here, batches of 2 sorted by length there: the order mapping is checked too
        float[] expected = directRewards(rewardModel, sequences);
        float[] noEos = directRewards(rewardModel, withoutEos);
        double mean = 0;
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], s.rewards()[i], 1e-4, "line " + s.lines()[i] + "\n" + run.out());
            mean += s.rewards()[i] / expected.length;
        }
        // the check can fail: dropping the EOS (reading the reward elsewhere) gives other numbers
        assertTrue(Math.abs(noEos[0] - expected[0]) > 1e-3, noEos[0] + " vs " + expected[0]);
        assertTrue(Arrays.stream(s.rewards()).max().getAsDouble() - Arrays.stream(s.rewards()).min().getAsDouble() > 1e-3,
                run.out());
        // the mean is of the unrounded rewards, so it may differ from the printed values' mean by the rounding
        assertEquals(mean, s.mean(), 1e-4, run.out());
    }

    @Test
    void theStoredBiasShiftsEveryRewardByItself() {
        Scores base = parse(CommandsTest.run("score", "--model", rewardModel.toString(), "--data", data.toString()));
        Scores shifted = parse(CommandsTest.run("score", "--model", shiftedRewardModel.toString(), "--data",
                data.toString(), "--batch-size", "3"));
        assertEquals(Arrays.toString(base.lines()), Arrays.toString(shifted.lines()));
        // two values rounded to 4 decimals: their difference is within 1e-4 of the shift, plus float error
        for (int i = 0; i < base.rewards().length; i++) {
            assertEquals(SHIFT, shifted.rewards()[i] - base.rewards()[i], 1.01e-4, "line " + base.lines()[i]);
        }
        assertEquals(SHIFT, shifted.mean() - base.mean(), 1.01e-4);
    }

    @Test
    void theDemonstrationsRmNormalisedOnScoreZeroOnAverage() throws IOException {
        Path comparisons = Files.write(tmp.resolve("cmp.jsonl"), List.of(
                "{\"prompt\": \"hello\", \"chosen\": \" world\", \"rejected\": \" the\"}",
                "{\"prompt\": \"the\", \"responses\": [\"a\", \"b\", \"c\"], \"ranking\": [[2], [0, 1]]}"));
        Path trained = tmp.resolve("rm-trained");
        CommandsTest.Run rm = CommandsTest.run("rm", "--model", causalLm.toString(), "--data", comparisons.toString(),
                "--demonstrations", data.toString(), "--out", trained.toString(), "--batch-size", "2");
        assertEquals(0, rm.code(), rm.err());
        assertTrue(Math.abs(HfModelFolder.open(trained).config().rewardBias()) > 1e-3, "a bias that does something");

        Scores s = parse(CommandsTest.run("score", "--model", trained.toString(), "--data", data.toString(),
                "--batch-size", "2"));
        assertEquals(5, s.records());
        assertEquals("0.0000", String.format(java.util.Locale.ROOT, "%.4f", Math.abs(s.mean())), "mean " + s.mean());
        assertTrue(Arrays.stream(s.rewards()).anyMatch(r -> Math.abs(r) > 1e-3), Arrays.toString(s.rewards()));
    }

    @Test
    void aBadRecordNamesFileAndLine() throws IOException {
        Path bad = tmp.resolve("bad.jsonl");
        String longCompletion = " hello world".repeat(20);
        String[][] cases = {
            {"{\"prompt\": \"a\"}", ":2: field \"completion\" is missing"},
            {"{\"prompt\": \"a\", \"completion\": \"" + longCompletion + "\"}", ":2: record has "},
            {"{\"prompt\": \"a\", \"completion\": \"b\"", ":2: bad JSON"},
        };
        for (String[] c : cases) {
            Files.write(bad, List.of("{\"prompt\": \"hello\", \"completion\": \" world\"}", c[0]));
            CommandsTest.Run r = CommandsTest.run("score", "--model", rewardModel.toString(), "--data", bad.toString(),
                    "--max-length", "32");
            assertEquals(Main.BAD_INPUT, r.code(), r.err());
            assertTrue(r.err().startsWith("rlhf4j score: " + bad + c[1]), r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertEquals("", r.out());
        }
        CommandsTest.Run tooLong = CommandsTest.run("score", "--model", rewardModel.toString(), "--data", bad.toString(),
                "--max-length", "65");
        assertEquals(Main.BAD_INPUT, tooLong.code());
        assertTrue(tooLong.err().startsWith("rlhf4j score: --max-length must be in [2, 64]"), tooLong.err());
    }

    @Test
    void aCausalLmIsNotScored() {
        CommandsTest.Run r = CommandsTest.run("score", "--model", causalLm.toString(), "--data", data.toString());
        assertEquals(Main.BAD_INPUT, r.code(), r.err());
        assertTrue(r.err().startsWith("rlhf4j score: " + causalLm + " is a causal LM, not a reward model (no score head): "),
                r.err());
        assertEquals("", r.out());
    }

    @Test
    void generateRefusesARewardModel() {
        CommandsTest.Run r = CommandsTest.run("generate", "--model", rewardModel.toString(), "--prompt", "hello",
                "--greedy", "--max-new-tokens", "4");
        assertEquals(Main.BAD_INPUT, r.code(), r.err());
        assertTrue(r.err().startsWith("rlhf4j generate: " + rewardModel + " is a reward model (sequence-classification head), "
                + "which scores text but does not generate it; give a causal LM folder"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertEquals("", r.out());

        CommandsTest.Run lm = CommandsTest.run("generate", "--model", causalLm.toString(), "--prompt", "hello",
                "--greedy", "--max-new-tokens", "4");
        assertEquals(0, lm.code(), lm.err());
    }

    @Test
    void everyCommandThatWantsALanguageModelRefusesARewardModel() throws Exception {
        Path texts = Files.writeString(tmp.resolve("texts.jsonl"), "{\"text\": \"hello world\"}\n");
        CommandsTest.Run r = CommandsTest.run("perplexity", "--model", rewardModel.toString(), "--data", texts.toString());
        assertEquals(Main.BAD_INPUT, r.code(), r.err());
        assertTrue(r.err().startsWith("rlhf4j perplexity: " + rewardModel + " holds a reward model"), r.err());
    }
}
