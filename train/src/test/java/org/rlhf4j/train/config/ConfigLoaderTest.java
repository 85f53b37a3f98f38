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
}
