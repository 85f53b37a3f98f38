package org.rlhf4j.sim.tokenizer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;

/** The committed test corpus and vectors (see {@code tokenizer/make_vectors.py}), and a quiet way to train. */
final class TokenizerTestFiles {
    private TokenizerTestFiles() {}

    /** A file under {@code src/test/resources/tokenizer}. */
    static Path resource(String name) {
        try {
            return Path.of(TokenizerTestFiles.class.getResource("/tokenizer/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Trains on {@code files} into {@code out} with progress lines kept out of the test log. */
    static TokenizerTraining.Result train(List<Path> files, int vocabSize, List<String> specials, String chatTemplate, Path out)
            throws IOException {
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true);
        return TokenizerTraining.run(new TokenizerTraining.Options(files, vocabSize, 2, specials, chatTemplate, 1024, out), quiet);
    }
}
