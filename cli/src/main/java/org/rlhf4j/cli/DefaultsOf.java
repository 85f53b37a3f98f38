package org.rlhf4j.cli;

import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;

/** A picocli default-value provider showing a trainer config record's defaults (subclassed per command). */
abstract class DefaultsOf implements IDefaultValueProvider {
    private final IDefaultValueProvider delegate;

    DefaultsOf(Object defaults) {
        this.delegate = TrainerOptions.defaultsOf(defaults);
    }

    @Override
    public String defaultValue(ArgSpec arg) throws Exception {
        return delegate.defaultValue(arg);
    }
}
