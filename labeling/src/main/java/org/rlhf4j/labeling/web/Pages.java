package org.rlhf4j.labeling.web;

import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.loader.ClasspathLoader;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The HTML templates ({@code templates/*.peb}). Pebble escapes every {@code {{ value }}}
 * for HTML unless a template says otherwise (none does), so user text cannot become markup.
 */
final class Pages {
    private final PebbleEngine engine;

    Pages() {
        ClasspathLoader loader = new ClasspathLoader(Pages.class.getClassLoader());
        loader.setPrefix("templates");
        loader.setSuffix(".peb");
        engine = new PebbleEngine.Builder().loader(loader).autoEscaping(true).defaultEscapingStrategy("html")
                .strictVariables(false).build();
    }

    String render(String template, Map<String, Object> model) {
        StringWriter out = new StringWriter();
        try {
            engine.getTemplate(template).evaluate(out, model);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
