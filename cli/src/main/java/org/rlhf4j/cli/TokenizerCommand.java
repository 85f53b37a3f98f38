package org.rlhf4j.cli;

import picocli.CommandLine.Command;

/** {@code rlhf4j tokenizer ...}: making the tokenizer a new model starts from. */
@Command(name = "tokenizer", mixinStandardHelpOptions = true,
        description = "Make a tokenizer folder for `rlhf4j init`: train a byte-level BPE on text files.",
        subcommands = {TokenizerTrainCommand.class})
final class TokenizerCommand {
}
