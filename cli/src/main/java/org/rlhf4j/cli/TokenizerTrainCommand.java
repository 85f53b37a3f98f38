package org.rlhf4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.rlhf4j.sim.tokenizer.TokenizerTraining;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rlhf4j tokenizer train}: a byte-level BPE tokenizer (GPT-2's kind) learned from text files. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {
            "Train a byte-level BPE tokenizer on text files and write it as a Hugging Face tokenizer folder "
                    + "(tokenizer.json, tokenizer_config.json) for `rlhf4j init --tokenizer DIR`.",
            "Text is cut with GPT-2's regex, line by line; the merges are those Hugging Face tokenizers' BpeTrainer "
                    + "learns from the same text. Special tokens get the first ids and are never split or merged; "
                    + "the first one is BOS and EOS. Progress goes to stderr."
        })
final class TokenizerTrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--data", required = true, split = ",", paramLabel = "FILE",
            description = "UTF-8 text files, comma-separated (.gz files are unzipped).")
    List<Path> data;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "Folder to write tokenizer.json and tokenizer_config.json into (created if needed).")
    Path out;

    @Option(names = "--vocab-size", paramLabel = "N", defaultValue = "4096",
            description = "Tokens in all: the special tokens, the 256 bytes and the merged tokens (default: ${DEFAULT-VALUE}).")
    int vocabSize;

    @Option(names = "--special-tokens", paramLabel = "TOKENS", defaultValue = "<|endoftext|>",
            description = "Comma-separated special tokens, given ids 0, 1, ... in order; empty for none (default: ${DEFAULT-VALUE}).")
    String specialTokens;

    @Option(names = "--min-frequency", paramLabel = "N", defaultValue = "2",
            description = "Stop merging when the most frequent pair occurs fewer times (default: ${DEFAULT-VALUE}).")
    int minFrequency;

    @Option(names = "--chat-template", paramLabel = "TEMPLATE", defaultValue = "none",
            description = "none, chatml (adds <|im_start|> and <|im_end|> as special tokens) or a Jinja file "
                    + "(default: ${DEFAULT-VALUE}).")
    String chatTemplate;

    @Option(names = "--model-max-length", paramLabel = "N", defaultValue = "1024",
            description = "model_max_length of tokenizer_config.json: the longest sequence meant (default: ${DEFAULT-VALUE}, init's positions).")
    int modelMaxLength;

    @Override
    public Integer call() throws IOException {
        List<String> specials = specialTokens.isEmpty() ? List.of() : List.of(specialTokens.split(",", -1));
        TokenizerTraining.Result r = TokenizerTraining.run(new TokenizerTraining.Options(data, vocabSize, minFrequency,
                specials, chatTemplate, modelMaxLength, out), System.err);
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.println(String.format(Locale.ROOT, "tokenizer: vocabulary %d (%d special, 256 bytes, %d merges) -> %s",
                r.model().vocabSize(), r.model().specialTokens().size(), r.model().merges().size(), out));
        stdout.flush();
        return 0;
    }
}
