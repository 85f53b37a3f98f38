package org.rlhf4j.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.rlhf4j.model.TransformerModel;
import org.rlhf4j.model.hf.HfModelFolder;
import org.rlhf4j.model.tokenizer.HfTokenizer;
import org.rlhf4j.tensor.Autograd;
import org.rlhf4j.tensor.Tensor;
import org.rlhf4j.tensor.ops.CrossEntropy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rlhf4j perplexity}: mean next-token NLL of a causal LM over a JSONL file of texts. */
@Command(name = "perplexity", mixinStandardHelpOptions = true,
        description = {
            "Score every text of a JSONL file (a string field \"text\" per line) with a model folder's causal LM.",
            "Prints: tokens=<n> nll=<mean token NLL> perplexity=<exp(nll)>",
            "Texts are encoded with the special tokens the tokenizer adds (e.g. BOS). A text longer than "
                    + "--max-length is cut into windows that overlap by one token, so every token after the "
                    + "first is predicted exactly once. Progress goes to stderr."
        })
final class PerplexityCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int IGNORE = -100;
    private static final long PROGRESS_NANOS = 5_000_000_000L;

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "DIR",
            description = "Model folder: config.json, model.safetensors and tokenizer.json.")
    Path model;

    @Option(names = "--data", required = true, paramLabel = "FILE",
            description = "JSONL file; each non-blank line is an object with a string field \"text\".")
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
        if (!Files.isRegularFile(data)) {
            throw new IllegalArgumentException(data + ": " + (Files.exists(data) ? "not a file" : "no such file"));
        }
        HfModelFolder folder = HfModelFolder.open(model);
        int positions = folder.config().model().maxPositions();
        int window = maxLength == null ? positions : maxLength;
        if (window < 2 || window > positions) {
            throw new IllegalArgumentException("--max-length must be in [2, " + positions + "] (the model's positions), got " + window);
        }
        TransformerModel lm = folder.loadCausalLm();
        List<int[]> windows;
        try (HfTokenizer tokenizer = HfTokenizer.load(model)) {
            windows = readWindows(tokenizer, lm.config().vocabSize(), window);
        }
        long predicted = 0;
        for (int[] w : windows) {
            predicted += w.length - 1;
        }
        if (predicted == 0) {
            throw new IllegalArgumentException(data + ": no tokens to score (every text has fewer than 2 tokens)");
        }
        // Longest first: batches of similar lengths waste little on padding.
        windows.sort(Comparator.comparingInt((int[] w) -> w.length).reversed());
        double nllSum = score(lm, windows, predicted);
        double nll = nllSum / predicted;
        PrintWriter out = spec.commandLine().getOut();
        out.println(String.format(Locale.ROOT, "tokens=%d nll=%.4f perplexity=%.3f", predicted, nll, Math.exp(nll)));
        out.flush();
        return 0;
    }

    /** Reads and tokenizes the JSONL file, checking every line before any scoring starts. */
    private List<int[]> readWindows(HfTokenizer tokenizer, int vocab, int window) throws IOException {
        List<int[]> windows = new ArrayList<>();
        Progress progress = new Progress("tokenized");
        try (BufferedReader reader = Files.newBufferedReader(data, StandardCharsets.UTF_8)) {
            String line;
            int lineNo = 0;
            while ((line = reader.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                int[] ids = tokenizer.encode(text(line, lineNo), true);
                for (int id : ids) {
                    if (id >= vocab) {
                        throw new IllegalArgumentException(data + ":" + lineNo + ": token id " + id
                                + " is outside the model's vocabulary of " + vocab + " (is the tokenizer the model's?)");
                    }
                }
                // stride window - 1: consecutive windows share one token, the context of the next prediction
                for (int start = 0; start < ids.length - 1; start += window - 1) {
                    windows.add(Arrays.copyOfRange(ids, start, Math.min(ids.length, start + window)));
                }
                progress.maybePrint(lineNo + " lines");
            }
        }
        return windows;
    }

    /** The string field "text" of one JSONL line, or an error naming FILE:LINE. */
    private String text(String line, int lineNo) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(data + ":" + lineNo + ": not valid JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException(data + ":" + lineNo + ": expected a JSON object with a string field \"text\"");
        }
        JsonNode text = node.get("text");
        if (text == null) {
            throw new IllegalArgumentException(data + ":" + lineNo + ": no field \"text\"");
        }
        if (!text.isTextual()) {
            throw new IllegalArgumentException(data + ":" + lineNo + ": field \"text\" must be a string, got "
                    + text.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        return text.asText();
    }

    /** Sum of the NLL of every predicted token, batch by batch, right-padded, without gradients. */
    private double score(TransformerModel lm, List<int[]> windows, long predicted) {
        Progress progress = new Progress("scored");
        double sum = 0;
        long done = 0;
        try (var ignored = Autograd.noGrad()) {
            for (int from = 0; from < windows.size(); from += batchSize) {
                List<int[]> batch = windows.subList(from, Math.min(windows.size(), from + batchSize));
                int b = batch.size();
                int t = batch.getFirst().length; // longest: the list is sorted
                int[] tokens = new int[b * t];
                int[] positions = new int[b * t];
                int[] targets = new int[b * t];
                Arrays.fill(targets, IGNORE);
                int count = 0;
                for (int i = 0; i < b; i++) {
                    int[] w = batch.get(i);
                    System.arraycopy(w, 0, tokens, i * t, w.length);
                    for (int j = 0; j < t; j++) {
                        positions[i * t + j] = j;
                    }
                    for (int j = 0; j + 1 < w.length; j++) {
                        targets[i * t + j] = w[j + 1];
                        count++;
                    }
                }
                // Right padding needs no key mask: causal attention never looks at later positions.
                Tensor hidden = lm.forward(tokens, b, t, positions, null, null);
                Tensor loss = CrossEntropy.fromHidden(hidden.reshape(b * t, hidden.dim(2)), lm.unembedding(), targets, IGNORE);
                sum += (double) loss.item() * count;
                done += count;
                progress.maybePrint(String.format(Locale.ROOT, "%d/%d tokens (%.0f%%)", done, predicted, 100.0 * done / predicted));
            }
        }
        return sum;
    }

    /** A progress line on stderr every few seconds, so short runs print none. */
    private final class Progress {
        private final String what;
        private long last = System.nanoTime();

        Progress(String what) {
            this.what = what;
        }

        void maybePrint(String detail) {
            long now = System.nanoTime();
            if (now - last >= PROGRESS_NANOS) {
                last = now;
                PrintWriter err = spec.commandLine().getErr();
                err.println("perplexity: " + what + " " + detail);
                err.flush();
            }
        }
    }
}
