package org.rlhf4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.rlhf4j.model.TransformerModel;
import org.rlhf4j.model.hf.HfModelFolder;
import org.rlhf4j.model.tokenizer.HfTokenizer;
import org.rlhf4j.train.data.BadRecords;
import org.rlhf4j.train.data.DatasetException;
import org.rlhf4j.train.data.DocumentLoader;
import org.rlhf4j.train.lm.CausalLmLoss;
import org.rlhf4j.train.lm.Perplexity;
import org.rlhf4j.train.run.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rlhf4j perplexity}: mean next-token NLL of a causal LM over texts, with the trainers' reader and loss. */
@Command(name = "perplexity", mixinStandardHelpOptions = true,
        description = {
            "Score every text of a file ({\"text\"} JSONL, or a .txt file as one text) with a model folder's causal LM.",
            "Prints: tokens=<n> nll=<mean token NLL> perplexity=<exp(nll)>",
            "Texts are encoded with the special tokens the tokenizer adds (e.g. BOS). A text longer than "
                    + "--max-length is cut into windows that overlap by one token, so every token after the "
                    + "first is predicted exactly once. Progress goes to stderr."
        })
final class PerplexityCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "DIR",
            description = "Model folder: config.json, model.safetensors and tokenizer.json.")
    Path model;

    @Option(names = "--data", required = true, paramLabel = "FILE",
            description = "{\"text\"} JSONL (one text a line) or a .txt file.")
    Path data;

    @Option(names = "--max-length", paramLabel = "N",
            description = "Longest window in tokens, at least 2 (default: the model's max positions).")
    Integer maxLength;

    @Option(names = "--batch-size", paramLabel = "B", defaultValue = "8",
            description = "Windows scored per forward pass (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Override
    public Integer call() throws IOException {
        if (batchSize < 1) {
            throw new IllegalArgumentException("--batch-size must be at least 1, got " + batchSize);
        }
        HfModelFolder folder = HfModelFolder.open(model);
        int positions = folder.config().model().maxPositions();
        int window = maxLength == null ? positions : maxLength;
        if (window < 2 || window > positions) {
            throw new IllegalArgumentException("--max-length must be in [2, " + positions + "] (the model's positions), got " + window);
        }
        TransformerModel lm = folder.loadCausalLm();
        List<int[]> texts = new ArrayList<>();
        try (HfTokenizer tokenizer = HfTokenizer.load(model)) {
            int vocab = lm.config().vocabSize();
            DocumentLoader.forEach(data, BadRecords.failing(), doc -> {
                int[] ids = tokenizer.encode(doc.text(), true);
                for (int id : ids) {
                    if (id >= vocab) {
                        throw new DatasetException(doc.source(), "token id " + id + " is outside the model's vocabulary of "
                                + vocab + " (is the tokenizer the model's?)");
                    }
                }
                texts.add(ids);
            });
        }
        List<int[]> windows = Perplexity.windows(texts, window);
        long predicted = windows.stream().mapToLong(w -> w.length - 1).sum();
        if (predicted == 0) {
            throw new IllegalArgumentException(data + ": no tokens to score (every text has fewer than 2 tokens)");
        }
        Progress progress = new Progress(System.err, "perplexity", windows.size());
        CausalLmLoss.Total total = Perplexity.total(lm, windows, batchSize, done -> progress.update(done, "", false));
        PrintWriter out = spec.commandLine().getOut();
        out.println(String.format(Locale.ROOT, "tokens=%d nll=%.4f perplexity=%.3f", total.tokens(), total.mean(),
                Math.exp(total.mean())));
        out.flush();
        return 0;
    }
}
