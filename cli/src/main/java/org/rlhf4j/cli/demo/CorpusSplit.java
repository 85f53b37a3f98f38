package org.rlhf4j.cli.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.rlhf4j.sim.world.WorldData;

/**
 * The bundled corpus cut into pretraining text and held-out text: every 50th paragraph (a block of
 * lines between blank lines) is held out, up to a cap, so the alignment tax is measured on text of
 * the pretraining distribution that no model trained on.
 */
final class CorpusSplit {
    static final int HELD_OUT_EVERY = 50;
    static final int HELD_OUT_MAX_CHARS = 400_000;

    private CorpusSplit() {
    }

    static void write(Path pretrain, Path heldOut) {
        Path pretrainTmp = pretrain.resolveSibling(pretrain.getFileName() + ".tmp");
        Path heldOutTmp = heldOut.resolveSibling(heldOut.getFileName() + ".tmp");
        try (Writer train = Files.newBufferedWriter(pretrainTmp, StandardCharsets.UTF_8);
             Writer held = Files.newBufferedWriter(heldOutTmp, StandardCharsets.UTF_8)) {
            int paragraph = 0;
            int heldChars = 0;
            for (String file : WorldData.CORPUS_FILES) {
                StringBuilder current = new StringBuilder();
                try (BufferedReader in = WorldData.reader(file)) {
                    for (String line = in.readLine(); ; line = in.readLine()) {
                        if (line == null || line.isBlank()) {
                            if (!current.isEmpty()) {
                                boolean hold = paragraph % HELD_OUT_EVERY == HELD_OUT_EVERY - 1 && heldChars < HELD_OUT_MAX_CHARS;
                                (hold ? held : train).write(current.append('\n').toString());
                                heldChars += hold ? current.length() : 0;
                                paragraph++;
                                current.setLength(0);
                            }
                            if (line == null) {
                                break;
                            }
                        } else {
                            current.append(line).append('\n');
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the demo's corpus split", e);
        }
        try {
            Files.move(pretrainTmp, pretrain, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.move(heldOutTmp, heldOut, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
