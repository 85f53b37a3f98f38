package org.rlhf4j.train.config;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The one-line doc of a config option, on the field that holds its default: the field's name
 * gives the YAML key ({@code learningRate} -> {@code learning_rate}) and the flag
 * ({@code --learning-rate}), its initial value the default, this text the {@code --help} line.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface Help {
    /** What the option does, one line. */
    String value();

    /** The value's placeholder in {@code --help} ({@code N}, {@code LR}, {@code DIR}...). */
    String label() default "";
}
