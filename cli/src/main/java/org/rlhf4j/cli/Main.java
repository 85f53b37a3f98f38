package org.rlhf4j.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import org.rlhf4j.model.hf.HfFormatException;
import org.rlhf4j.train.data.DatasetException;
import org.rlhf4j.train.run.TrainingException;
import org.rlhf4j.tensor.io.SafetensorsException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code rlhf4j} command: one entry point with a subcommand per job. */
@Command(name = "rlhf4j", mixinStandardHelpOptions = true, version = "rlhf4j 0.1.0",
        description = "InstructGPT-style RLHF on the JVM: pretrain, SFT, reward model, PPO, evaluation.",
        subcommands = {DemoCommand.class, TokenizerCommand.class, InitCommand.class, ChatCommand.class, PretrainCommand.class, SftCommand.class, RmCommand.class, PpoCommand.class, DpoCommand.class,
            GenerateCommand.class, EvalCommand.class, PerplexityCommand.class, ScoreCommand.class, LabelCommand.class, SimCommand.class, BenchCommand.class,
            CommandLine.HelpCommand.class})
public final class Main {
    /** Exit code of a command that failed on its input (a bad file, folder or option value). */
    public static final int BAD_INPUT = 2;

    public static void main(String[] args) {
        StartupStderr.restore();
        System.exit(commandLine().execute(args));
    }

    /**
     * The command line with its error policy: a failure caused by the input (unreadable or
     * malformed files, bad option values) prints {@code rlhf4j <cmd>: <message>} on stderr and
     * exits with {@link #BAD_INPUT}; anything else is a bug and keeps its stack trace.
     */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.getSubcommands().values().forEach(sub -> {
            if (sub.getCommand() instanceof TrainerCommand<?> trainer) {
                trainer.addConfigOptions(sub.getCommandSpec());
            }
        });
        cl.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
            String message = inputErrorMessage(ex);
            if (message == null) {
                throw ex;
            }
            cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + ": " + message);
            cmd.getErr().flush();
            return BAD_INPUT;
        });
        return cl;
    }

    /** The one-line message of an input error, or null when {@code ex} is not one. */
    static String inputErrorMessage(Throwable ex) {
        if (ex instanceof UncheckedIOException u) {
            ex = u.getCause();
        }
        if (ex instanceof FileSystemException f && f.getReason() == null) {
            // NoSuchFileException and its kin carry only the path
            return f.getFile() + ": " + switch (f) {
                case NoSuchFileException ignored -> "no such file or folder";
                case AccessDeniedException ignored -> "access denied";
                case NotDirectoryException ignored -> "not a folder";
                default -> f.getClass().getSimpleName();
            };
        }
        if (ex instanceof HfFormatException || ex instanceof SafetensorsException || ex instanceof IllegalArgumentException
                || ex instanceof DatasetException || ex instanceof TrainingException
                || ex instanceof IOException) {
            return ex.getMessage() == null ? ex.toString() : ex.getMessage();
        }
        return null;
    }
}
