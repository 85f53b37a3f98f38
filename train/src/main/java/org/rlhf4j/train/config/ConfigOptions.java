package org.rlhf4j.train.config;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

/**
 * The options of a config class: every {@link Help}-annotated field, the base class's first,
 * each in declaration order. The command line builds its flags from this list and the loader
 * its YAML keys, so the two cannot drift apart.
 */
public final class ConfigOptions {
    private ConfigOptions() {}

    /**
     * One option.
     *
     * @param key   snake_case YAML key, {@code learning_rate}
     * @param field the field holding it (its type is the option's type)
     * @param help  the one-line doc
     * @param label the placeholder of its value in help text
     */
    public record Option(String key, Field field, String help, String label) {
        /** The command-line flag, {@code --learning-rate}. */
        public String flag() {
            return "--" + key.replace('_', '-');
        }

        /** The option's value in {@code config}. */
        public Object valueIn(Object config) {
            try {
                return field.get(config);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(field + " is not public", e);
            }
        }
    }

    public static List<Option> of(Class<?> type) {
        List<Class<?>> chain = new ArrayList<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            chain.addFirst(c);
        }
        List<Option> options = new ArrayList<>();
        for (Class<?> c : chain) {
            for (Field f : c.getDeclaredFields()) {
                Help help = f.getAnnotation(Help.class);
                if (help == null || Modifier.isStatic(f.getModifiers())) {
                    continue;
                }
                String label = help.label().isEmpty() ? defaultLabel(f.getType()) : help.label();
                options.add(new Option(snakeCase(f.getName()), f, help.value(), label));
            }
        }
        return options;
    }

    static String snakeCase(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }

    private static String defaultLabel(Class<?> type) {
        if (type == int.class || type == long.class) {
            return "N";
        }
        if (type == double.class || type == float.class) {
            return "X";
        }
        return "VALUE";
    }
}
