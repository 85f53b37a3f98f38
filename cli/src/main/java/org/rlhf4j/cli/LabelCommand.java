package org.rlhf4j.cli;

import picocli.CommandLine.Command;

/** {@code rlhf4j label ...}: the labeling web app and its admin helpers. */
@Command(name = "label", mixinStandardHelpOptions = true,
        description = "Collect demonstrations and rankings from people: serve the web app, load prompts and outputs, "
                + "add accounts, export the data in the trainer's formats.",
        subcommands = {LabelServeCommand.class, LabelAddUserCommand.class, LabelImportPromptsCommand.class,
            LabelImportCandidatesCommand.class, LabelExportCommand.class})
final class LabelCommand {
}
