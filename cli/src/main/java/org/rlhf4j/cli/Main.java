package org.rlhf4j.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code rlhf4j} command: one entry point with a subcommand per job. */
@Command(name = "rlhf4j", mixinStandardHelpOptions = true, version = "rlhf4j 0.1.0",
        description = "InstructGPT-style RLHF on the JVM: pretrain, SFT, reward model, PPO, evaluation.",
        subcommands = {PretrainCommand.class, SftCommand.class, RmCommand.class, BenchCommand.class, LabelCommand.class,
            CommandLine.HelpCommand.class})
public final class Main {
    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }
}
