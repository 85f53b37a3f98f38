package org.rlhf4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.rlhf4j.model.ScalarHeadModel;
import org.rlhf4j.model.hf.HfModelFolder;
import org.rlhf4j.model.tokenizer.HfTokenizer;
import org.rlhf4j.tensor.Autograd;
import org.rlhf4j.train.data.BadRecords;
import org.rlhf4j.train.data.DatasetException;
import org.rlhf4j.train.data.DemonstrationLoader;
import org.rlhf4j.train.data.SftExample;
import org.rlhf4j.train.data.SftTokenizer;
import org.rlhf4j.train.rm.RewardScoring;
import org.rlhf4j.train.run.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code rlhf4j score}: the reward a reward-model folder gives each prompt + completion of a file.
 *
 * <p>Records are tokenized by {@link SftTokenizer}, the path {@code rlhf4j rm} itself takes for
 * its {@code --demonstrations} when it sets the stored reward bias, so a score is on the scale
 * that bias defines (the demonstrations average 0). For a {@code {"prompt", "completion"}}
 * record that path gives {@code encode(prompt, true)} (minus a trailing EOS) ++
 * {@code encode(completion, false)} ++ [EOS], the very ids {@code ComparisonTokenizer} gives a
 * response during reward training, so the reward is read where the ranking loss taught the
 * head to look: the EOS after the response. A {@code {"messages"}} record goes through the chat
 * template, as conversational demonstrations do in the normalisation (the comparisons themselves
 * are never templated). Rewards include the stored bias ({@link ScalarHeadModel#rewardBias()}).
 */
@Command(name = "score", mixinStandardHelpOptions = true,
        description = {
            "Print the reward a reward-model folder (rlhf4j rm's output) gives each record of a JSONL file: "
                    + "{\"prompt\": ..., \"completion\": ...} or {\"messages\": [...]}.",
            "Prints one line per record in file order, line=<file line> reward=<reward>, then "
                    + "records=<n> mean_reward=<mean>.",
            "Records are tokenized as the reward model was trained and normalised (prompt with the tokenizer's "
                    + "special tokens, completion, EOS); rewards include the model's stored bias. "
                    + "Progress goes to stderr."
        })
final class ScoreCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "DIR",
            description = "Reward-model folder: config.json, model.safetensors with score.weight, tokenizer.json.")
    Path model;

    @Option(names = "--data", required = true, paramLabel = "FILE",
            description = "JSONL of {\"prompt\", \"completion\"} or {\"messages\"} records.")
    Path data;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "8",
            description = "Records scored per forward pass (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--max-length", paramLabel = "N",
            description = "Longest record in tokens; a longer one is an error naming its line, not cut "
                    + "(default: the model's max positions).")
    Integer maxLength;

    @Override
    public Integer call() throws IOException {
        if (batchSize < 1) {
            throw new IllegalArgumentException("--batch-size must be at least 1, got " + batchSize);
        }
        HfModelFolder folder = HfModelFolder.open(model);
        if (!folder.hasScalarHead()) {
            throw new IllegalArgumentException(model + " is a causal LM, not a reward model (no score head): "
                    + "give the folder rlhf4j rm wrote");
        }
        int positions = folder.config().model().maxPositions();
        int longest = maxLength == null ? positions : maxLength;
        if (longest < 2 || longest > positions) {
            throw new IllegalArgumentException("--max-length must be in [2, " + positions + "] (the model's positions), got " + longest);
        }
        ScalarHeadModel rm = folder.loadScalarHead();
        List<SftExample> records;
        try (HfTokenizer tokenizer = HfTokenizer.load(model)) {
            BadRecords bad = BadRecords.failing();
            records = new SftTokenizer(tokenizer, longest).tokenize(DemonstrationLoader.load(data, bad), bad);
        }
        if (records.isEmpty()) {
            throw new IllegalArgumentException(data + ": no records to score");
        }
        int vocab = rm.config().vocabSize();
        for (SftExample r : records) {
            for (int id : r.ids()) {
                if (id >= vocab) {
                    throw new DatasetException(r.source(), "token id " + id + " is outside the model's vocabulary of "
                            + vocab + " (is the tokenizer the model's?)");
                }
            }
        }

        // longest first: batches of similar lengths waste little on padding; rewards land at their record's index
        int[] order = IntStream.range(0, records.size()).boxed()
                .sorted(Comparator.comparingInt((Integer i) -> records.get(i).length()).reversed())
                .mapToInt(Integer::intValue).toArray();
        float[] rewards = new float[records.size()];
        Progress progress = new Progress(System.err, "score", records.size());
        try (var g = Autograd.noGrad()) {
            for (int from = 0; from < order.length; from += batchSize) {
                int to = Math.min(order.length, from + batchSize);
                List<int[]> batch = new ArrayList<>(to - from);
                for (int k = from; k < to; k++) {
                    batch.add(records.get(order[k]).ids());
                }
                float[] r = RewardScoring.rewards(rm, batch).data();
                for (int k = from; k < to; k++) {
                    rewards[order[k]] = r[k - from];
                }
                progress.update(to, "records", false);
            }
        }

        PrintWriter out = spec.commandLine().getOut();
        double sum = 0;
        for (int i = 0; i < records.size(); i++) {
            out.println("line=" + records.get(i).source().line() + " reward=" + fourDecimals(rewards[i]));
            sum += rewards[i];
        }
        out.println("records=" + records.size() + " mean_reward=" + fourDecimals(sum / records.size()));
        out.flush();
        return 0;
    }

    /**
     * {@code x} to 4 decimals, without the sign of a value that rounds to zero: the normalising
     * demonstrations average 0 by construction, and "-0.0000" would read as a small negative mean.
     */
    static String fourDecimals(double x) {
        String s = String.format(Locale.ROOT, "%.4f", x);
        return s.equals("-0.0000") ? "0.0000" : s;
    }
}
