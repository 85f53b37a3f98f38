package org.rlhf4j.train.run;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.rlhf4j.model.TransformerModel;
import org.rlhf4j.model.tokenizer.HfTokenizer;
import org.rlhf4j.train.config.ConfigLoader;
import org.rlhf4j.train.config.TrainingConfig;
import org.rlhf4j.train.data.BadRecords;

/** What every trainer does before its loop: load the tokenizer, set dropout, count bad records, record the config. */
public final class TrainerSetup {
    private TrainerSetup() {}

    public static HfTokenizer tokenizer(Path modelDir) {
        try {
            return HfTokenizer.load(modelDir);
        } catch (IOException e) {
            throw new UncheckedIOException(modelDir + ": cannot load the tokenizer: " + e.getMessage(), e);
        }
    }

    /** The same weights with the run's residual dropout (the starting model's own rate is replaced). */
    public static TransformerModel withDropout(TransformerModel m, float residualDropout, boolean lmHead) {
        return TransformerModel.fromParameters(m.config().withDropout(residualDropout, 0f), lmHead, m.parameters());
    }

    public static BadRecords badRecords(TrainingConfig c) {
        return c.skipBadRecords ? BadRecords.skipping() : BadRecords.failing();
    }

    /** Prints how many records were skipped, if any. */
    public static void report(PrintStream log, String name, BadRecords bad) {
        if (bad.skipped() > 0) {
            log.println(name + ": " + bad.summary());
        }
    }

    /** Creates the output folder and writes the effective config into it as {@code training_config.yaml}. */
    public static void recordConfig(TrainingConfig c, Path out) {
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new UncheckedIOException(out + ": cannot create the output folder: " + e.getMessage(), e);
        }
        ConfigLoader.save(c, out.resolve("training_config.yaml"));
    }
}
