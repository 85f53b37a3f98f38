package org.rlhf4j.cli;

import picocli.CommandLine.Command;

/** {@code rlhf4j bench ...}: benchmarks that print their figures. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Run a benchmark and print its figures (one line per case).",
        subcommands = {BenchGemmCommand.class, BenchTrainStepCommand.class, BenchGenerateCommand.class, BenchPpoCommand.class, BenchDpoCommand.class,
            BenchLabelCommand.class})
final class BenchCommand {
}
