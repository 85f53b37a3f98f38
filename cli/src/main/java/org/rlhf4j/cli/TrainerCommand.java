package org.rlhf4j.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.rlhf4j.train.config.ConfigLoader;
import org.rlhf4j.train.config.ConfigOptions;
import org.rlhf4j.train.config.TrainingConfig;
import org.rlhf4j.train.run.EpochLoop;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * A trainer command ({@code pretrain}, {@code sft}, {@code rm}): its flags are made from the
 * trainer's config class ({@link ConfigOptions}), so each option's name, default and doc are
 * written once, on the config's field. {@code --config FILE} loads YAML under the flags the user
 * gave; the loaded config is checked before any data is read.
 */
abstract class TrainerCommand<C extends TrainingConfig> implements Callable<Integer> {
    private final Class<C> configType;

    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", order = -2,
            description = "YAML file of options (snake_case keys, e.g. learning_rate: 1e-4); flags override it.")
    Path config;

    @Option(names = "--resume", order = -1, description = "Continue from the newest checkpoint in the output folder.")
    boolean resume;

    TrainerCommand(Class<C> configType) {
        this.configType = configType;
    }

    /** Runs the trainer; progress and messages go to {@code log}. */
    abstract EpochLoop.Result train(C config, boolean resume, PrintStream log);

    /** Adds one flag per config option to this command's spec (called once, when the command line is built). */
    void addConfigOptions(CommandSpec target) {
        C defaults = ConfigLoader.defaults(configType);
        for (ConfigOptions.Option o : ConfigOptions.of(configType)) {
            Class<?> type = o.field().getType();
            OptionSpec.Builder b = OptionSpec.builder(o.flag()).paramLabel(o.label())
                    .description(o.help() + defaultText(o.valueIn(defaults)));
            if (type == boolean.class) {
                b.type(Boolean.class).arity("0..1");
            } else if (List.class.isAssignableFrom(type)) {
                b.type(List.class).auxiliaryTypes(String.class).splitRegex(",");
            } else {
                b.type(boxed(type));
            }
            target.addOption(b.build());
        }
    }

    @Override
    public Integer call() {
        C c = ConfigLoader.load(configType, config, givenOptions());
        EpochLoop.Result r = train(c, resume, System.err);
        spec.commandLine().getOut().println(spec.name() + ": " + r.steps() + " steps" + lossText(r.lastLoss())
                + metricsText(r.keptMetrics()) + ", model in " + Path.of(c.out).toAbsolutePath());
        return 0;
    }

    /** Keys and values of the config options given on the command line (the rest come from YAML or defaults). */
    private Map<String, Object> givenOptions() {
        Map<String, Object> given = new LinkedHashMap<>();
        for (ConfigOptions.Option o : ConfigOptions.of(configType)) {
            OptionSpec spec = this.spec.findOption(o.flag());
            if (spec != null && this.spec.commandLine().getParseResult().hasMatchedOption(spec)) {
                Object value = spec.getValue();
                given.put(o.key(), value == null && o.field().getType() == boolean.class ? Boolean.TRUE : value);
            }
        }
        return given;
    }

    private static String defaultText(Object value) {
        if (value == null || value instanceof List<?> l && l.isEmpty() || Boolean.FALSE.equals(value)) {
            return "";
        }
        if (value instanceof Double || value instanceof Float) {
            value = java.math.BigDecimal.valueOf(((Number) value).doubleValue()).stripTrailingZeros().toString();
        }
        return " (default: " + value + ")";
    }

    private static String lossText(double loss) {
        return Double.isNaN(loss) ? "" : String.format(Locale.ROOT, ", last loss %.4f", loss);
    }

    private static String metricsText(Map<String, Double> metrics) {
        StringBuilder sb = new StringBuilder();
        metrics.forEach((k, v) -> sb.append(sb.isEmpty() ? ", kept model: " : " ").append(k).append(' ')
                .append(String.format(Locale.ROOT, "%.4f", v)));
        return sb.toString();
    }

    private static Class<?> boxed(Class<?> type) {
        if (type == int.class) {
            return Integer.class;
        }
        if (type == long.class) {
            return Long.class;
        }
        if (type == double.class) {
            return Double.class;
        }
        if (type == float.class) {
            return Float.class;
        }
        return type;
    }
}
