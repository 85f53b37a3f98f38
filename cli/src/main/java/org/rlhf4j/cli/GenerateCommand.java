package org.rlhf4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.rlhf4j.model.TransformerModel;
import org.rlhf4j.model.generate.Generation;
import org.rlhf4j.model.generate.Generator;
import org.rlhf4j.model.generate.SamplingConfig;
import org.rlhf4j.model.hf.HfModelFolder;
import org.rlhf4j.model.tokenizer.ChatMessage;
import org.rlhf4j.model.tokenizer.HfTokenizer;
import org.rlhf4j.train.data.PromptLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rlhf4j generate}: continue a prompt with a causal LM from a Hugging Face folder. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {
            "Continue a prompt with the causal LM of a Hugging Face model folder and print the continuation.",
            "Generation stops at the model's EOS tokens (config.json, else the tokenizer's) or after "
                    + "--max-new-tokens. Several samples are separated by a line '---'; tokens/s goes to stderr."
        })
final class GenerateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "DIR",
            description = "Model folder: config.json, model.safetensors and tokenizer.json.")
    Path model;

    @Option(names = "--prompt", required = true, paramLabel = "TEXT",
            description = "Text to continue (encoded with the special tokens the tokenizer adds, e.g. BOS).")
    String prompt;

    @Option(names = "--max-new-tokens", paramLabel = "N", defaultValue = "64",
            description = "Most tokens generated per sample (default: ${DEFAULT-VALUE}).")
    int maxNewTokens;

    @Option(names = "--temperature", paramLabel = "T", defaultValue = "1.0",
            description = "Sampling temperature; logits are divided by it (default: ${DEFAULT-VALUE}).")
    float temperature;

    @Option(names = "--top-k", paramLabel = "K", defaultValue = "0",
            description = "Sample among the K most likely tokens only; 0 turns it off (default: ${DEFAULT-VALUE}).")
    int topK;

    @Option(names = "--top-p", paramLabel = "P", defaultValue = "1.0",
            description = "Nucleus sampling: the smallest set of likeliest tokens with probability >= P; "
                    + "1 turns it off (default: ${DEFAULT-VALUE}).")
    float topP;

    @Option(names = "--greedy",
            description = "Always take the most likely token (ignores temperature, top-k, top-p and seed).")
    boolean greedy;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0",
            description = "Sampling seed; sample i uses seed S+i (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--chat",
            description = "Treat --prompt as a user's message: render it with the model's chat template (the documented "
                    + "plain one when the folder has none) and continue as the assistant.")
    boolean chat;

    @Option(names = "--num-samples", paramLabel = "N", defaultValue = "1",
            description = "Samples generated together as one batch (default: ${DEFAULT-VALUE}).")
    int numSamples;

    @Override
    public Integer call() throws IOException {
        if (numSamples < 1) {
            throw new IllegalArgumentException("--num-samples must be at least 1, got " + numSamples);
        }
        if (maxNewTokens < 1) {
            throw new IllegalArgumentException("--max-new-tokens must be at least 1, got " + maxNewTokens);
        }
        if (!greedy && !(temperature > 0)) {
            throw new IllegalArgumentException("--temperature must be > 0 (for argmax decoding use --greedy), got " + temperature);
        }
        if (topK < 0) {
            throw new IllegalArgumentException("--top-k must be >= 0 (0 turns it off), got " + topK);
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("--top-p must be in (0, 1], got " + topP);
        }
        HfModelFolder folder = HfModelFolder.open(model);
        if (folder.hasScalarHead()) {
            // loadCausalLm refuses it too; this message says which command reads such a folder
            throw new IllegalArgumentException(model + " is a reward model (sequence-classification head), which scores "
                    + "text but does not generate it; give a causal LM folder (rlhf4j score reads this one)");
        }
        TransformerModel lm = folder.loadCausalLm();
        try (HfTokenizer tokenizer = HfTokenizer.load(model)) {
            int[] ids = chat ? PromptLoader.chatPrompt(tokenizer, List.of(ChatMessage.user(prompt)))
                    : tokenizer.encode(prompt, true);
            if (ids.length == 0) {
                throw new IllegalArgumentException("the prompt encodes to no tokens (this tokenizer adds no BOS); give a non-empty --prompt");
            }
            int[] stops = lm.config().eosTokenIds();
            if (stops.length == 0 && tokenizer.eosId() >= 0) {
                stops = new int[] {tokenizer.eosId()};
            }
            SamplingConfig sampling = new SamplingConfig(maxNewTokens, temperature, topK, topP, greedy, seed, stops);
            List<int[]> prompts = new ArrayList<>();
            for (int i = 0; i < numSamples; i++) {
                prompts.add(ids);
            }
            long t0 = System.nanoTime();
            Generation g = new Generator(lm).generate(prompts, sampling);
            double seconds = (System.nanoTime() - t0) * 1e-9;

            PrintWriter out = spec.commandLine().getOut();
            int produced = 0;
            for (int i = 0; i < g.size(); i++) {
                if (i > 0) {
                    out.println("---");
                }
                out.println(tokenizer.decode(knownIds(g.tokens()[i], tokenizer.vocabSize()), true));
                produced += g.tokens()[i].length;
            }
            out.flush();
            PrintWriter err = spec.commandLine().getErr();
            err.println(String.format(Locale.ROOT, "generated %d tokens in %.2f s (%.1f tokens/s)",
                    produced, seconds, produced / seconds));
            err.flush();
        }
        return 0;
    }

    /**
     * The ids the tokenizer can decode: a model's vocabulary is often padded past the
     * tokenizer's (to a multiple of 64), and an untrained model may sample those unused ids.
     */
    static int[] knownIds(int[] ids, int tokenizerVocab) {
        return Arrays.stream(ids).filter(id -> id < tokenizerVocab).toArray();
    }
}
