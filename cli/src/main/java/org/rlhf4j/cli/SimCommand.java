package org.rlhf4j.cli;

import picocli.CommandLine.Command;

/** {@code rlhf4j sim ...}: the offline world of the demo and the tests. */
@Command(name = "sim", mixinStandardHelpOptions = true,
        description = "The simulated world: prompts in the paper's categories from WordNet, fact tables and the demo corpus, "
                + "with references and checkable answers.",
        subcommands = {SimPromptsCommand.class, SimLabelCommand.class})
final class SimCommand {
}
