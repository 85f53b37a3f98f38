package org.rlhf4j.train.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.rlhf4j.tensor.io.Folders;
import org.rlhf4j.tensor.optim.AdamW;

/**
 * {@code <run>/checkpoints/step-NNNNNNNN/}: the model as a Hugging Face folder, the optimizer
 * moments ({@code optimizer.safetensors}) and {@code trainer_state.json}. A checkpoint is
 * written whole in a hidden staging folder and renamed into place, so a crash or a full disk
 * never leaves a half-written one where {@link #latest} would find it. Only the newest
 * {@code keep} are kept.
 */
public final class Checkpoints {
    static final String OPTIMIZER = "optimizer.safetensors";

    private final Path dir;
    private final int keep;

    public Checkpoints(Path runDir, int keep) {
        this.dir = runDir.resolve("checkpoints");
        this.keep = Math.max(1, keep);
    }

    public Path dir() {
        return dir;
    }

    /** Writes a checkpoint; {@code saveModel} writes the HF model folder into the path it is given. */
    public Path save(TrainerState state, Consumer<Path> saveModel, AdamW optimizer) {
        Path target = dir.resolve(String.format("step-%08d", state.step()));
        Path staging = dir.resolve(".staging-" + target.getFileName());
        try {
            Folders.deleteTree(staging);
            Files.createDirectories(dir);
            saveModel.accept(staging);
            optimizer.save(staging.resolve(OPTIMIZER));
            state.write(staging);
            // a checkpoint of the same step (the final save after a periodic one) is moved aside,
            // not deleted, until the new one is in place
            Path previous = dir.resolve(".replaced-" + target.getFileName());
            Folders.deleteTree(previous);
            if (Files.exists(target)) {
                Files.move(target, previous, StandardCopyOption.ATOMIC_MOVE);
            }
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            Folders.deleteTree(previous);
            prune();
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(target + ": cannot write the checkpoint (" + e.getMessage()
                    + "); earlier checkpoints are intact", e);
        }
    }

    /** The newest complete checkpoint, if any. */
    public Optional<Path> latest() {
        return complete().stream().reduce((a, b) -> b);
    }

    public static TrainerState state(Path checkpoint) {
        return TrainerState.read(checkpoint);
    }

    public static Path optimizerFile(Path checkpoint) {
        return checkpoint.resolve(OPTIMIZER);
    }

    private List<Path> complete() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().matches("step-\\d{8}"))
                    .filter(p -> Files.isRegularFile(p.resolve(TrainerState.FILE)))
                    .sorted(Comparator.comparing(Path::toString)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": cannot list checkpoints: " + e.getMessage(), e);
        }
    }

    private void prune() throws IOException {
        List<Path> all = complete();
        for (int i = 0; i < all.size() - keep; i++) {
            Folders.deleteTree(all.get(i));
        }
    }
}
