package org.rlhf4j.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.rlhf4j.sim.prompts.PromptGenerator;
import org.rlhf4j.sim.prompts.SimPrompt;
import org.rlhf4j.sim.prompts.SimPromptJson;
import org.rlhf4j.sim.prompts.Split;
import org.rlhf4j.sim.world.World;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rlhf4j sim prompts}: writes one split of simulated prompts as JSONL. */
@Command(name = "prompts", mixinStandardHelpOptions = true,
        description = "Write N prompts of one split as JSONL ({\"prompt\", \"category\", \"id\", \"task\", \"constraints\", "
                + "\"answers\", \"keywords\", \"reference\", \"factual\"}); the file is a valid --prompts file for ppo.")
final class SimPromptsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--split", required = true, paramLabel = "train|validation|test",
            description = "Which split; splits never share a fact, word or sentence, whatever the seeds.")
    String split;

    @Option(names = "--count", required = true, paramLabel = "N", description = "How many distinct prompts.")
    int count;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The JSONL file to write.")
    Path out;

    @Override
    public Integer call() {
        Split which = Split.fromName(split);
        long start = System.nanoTime();
        World world = World.standard();
        long loaded = System.nanoTime();
        List<SimPrompt> prompts = new PromptGenerator(seed, world).split(which, count);
        long generated = System.nanoTime();
        SimPromptJson.write(out, prompts);
        Map<String, Integer> categories = new TreeMap<>();
        prompts.forEach(p -> categories.merge(p.category().jsonName(), 1, Integer::sum));
        long factual = prompts.stream().filter(SimPrompt::factual).count();
        long constrained = prompts.stream().filter(p -> !p.constraints().isEmpty()).count();
        spec.commandLine().getErr().printf("sim: world loaded in %d ms (facts %d, corpus %d, WordNet open %d, lexicon %d ms; %d words, %d sentences)%n",
                (loaded - start) / 1_000_000, world.timings().get("facts"), world.timings().get("corpus"),
                world.timings().get("wordnet_open"), world.timings().get("lexicon"), world.lexicon().size(),
                world.corpus().sentences().size());
        spec.commandLine().getOut().printf("sim: wrote %d %s prompts (seed %d) to %s in %d ms; factual=%d constrained=%d %s%n", prompts.size(),
                which.jsonName(), seed, out, (generated - loaded) / 1_000_000, factual, constrained, categories);
        return 0;
    }
}
