package org.rlhf4j.train.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path tmp;

    @Test
    void defaultsThenYamlThenFlags() throws Exception {
        Path yaml = Files.writeString(tmp.resolve("sft.yaml"), "learning_rate: 3.0e-5\nepochs: 16\nmodel: base\n");
        SftConfig c = ConfigLoader.load(SftConfig.class, yaml, Map.of("epochs", 3));
        assertEquals(3.0e-5, c.learningRate, "from the file");
        assertEquals(3, c.epochs, "a flag beats the file");
        assertEquals("base", c.model);
        assertEquals(0.2f, c.residualDropout, "untouched keys keep their defaults");
        // the saved config reads back the same
        ConfigLoader.save(c, tmp.resolve("saved.yaml"));
        assertEquals(c, ConfigLoader.load(SftConfig.class, tmp.resolve("saved.yaml"), Map.of()));
    }

    @Test
    void unknownKeysAndBadValuesNameTheFile() throws Exception {
        Path typo = Files.writeString(tmp.resolve("typo.yaml"), "learning_rte: 1e-4\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConfigLoader.load(RmConfig.class, typo, Map.of()));
        assertTrue(e.getMessage().startsWith(typo + ": unknown key 'learning_rte'") && e.getMessage().contains("learning_rate"),
                e.getMessage());
        Path bad = Files.writeString(tmp.resolve("bad.yaml"), "epochs: many\n");
        e = assertThrows(IllegalArgumentException.class, () -> ConfigLoader.load(RmConfig.class, bad, Map.of()));
        assertTrue(e.getMessage().startsWith(bad.toString()) && e.getMessage().contains("many"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ConfigLoader.load(RmConfig.class, tmp.resolve("none.yaml"), Map.of()));
        assertTrue(e.getMessage().endsWith("none.yaml: no such file"), e.getMessage());
    }

    @Test
    void badValuesAreRefusedWhenLoaded() throws Exception {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConfigLoader.load(SftConfig.class, null, Map.of("learning_rate", -1)));
        assertEquals("option learning_rate (--learning-rate) must be a positive number, got -1.0", e.getMessage());
        Path yaml = Files.writeString(tmp.resolve("schedule.yaml"), "lr_scheduler_type: exponential\n");
        e = assertThrows(IllegalArgumentException.class, () -> ConfigLoader.load(RmConfig.class, yaml, Map.of()));
        assertTrue(e.getMessage().startsWith("option lr_scheduler_type (--lr-scheduler-type) must be one of"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ConfigLoader.load(PretrainConfig.class, null, Map.of("validation_fraction", 1.5)));
        assertTrue(e.getMessage().contains("validation_fraction"), e.getMessage());
    }

    @Test
    void eachTrainerSetsItsOwnDefaults() {
        assertEquals(2e-5, ConfigLoader.defaults(RmConfig.class).learningRate);
        assertEquals(6e-4, ConfigLoader.defaults(PretrainConfig.class).learningRate);
        assertEquals(2, ConfigLoader.defaults(SftConfig.class).epochs);
        assertEquals(1, ConfigLoader.defaults(RmConfig.class).epochs);
    }

    @Test
    void theSchedulesAreReadAtTheUpdateNumber() {
        SftConfig c = ConfigLoader.load(SftConfig.class, null, Map.of("learning_rate", 1.0, "warmup_steps", 4,
                "lr_scheduler_type", "linear"));
        var linear = c.schedule(10);
        assertEquals(0.25, linear.lr(1), 1e-12, "update 1 of a 4-step warmup");
        assertEquals(1.0, linear.lr(4), 1e-12);
        assertTrue(linear.lr(10) > 0, "the last update still learns");
        c.lrSchedulerType = "constant_with_warmup";
        assertEquals(1.0, c.schedule(10).lr(10), 1e-12);
        c.lrSchedulerType = "cosine";
        assertEquals(0.1, c.schedule(10).lr(10), 1e-12, "cosine ends at final_lr_fraction");
    }
}
