package org.rlhf4j.train.data;

import java.util.Objects;

/** One pretraining document: a {@code {"text": ...}} record, or a whole {@code .txt} file. */
public record Document(String text, Source source) {
    public Document {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(source, "source");
    }
}
