package org.rlhf4j.train.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rlhf4j.model.ScalarHeadModel;
import org.rlhf4j.model.TinyModels;
import org.rlhf4j.model.TransformerModel;
import org.rlhf4j.tensor.io.DType;

class RunModelTest {
    @TempDir
    Path tmp;

    @Test
    void weightsComeBackByNameExactly() {
        TransformerModel saved = TinyModels.randomModel(TinyModels.llamaGqa(), true, 1);
        RunModel.causalLm(saved, null, null).save(tmp.resolve("a"), DType.F32);
        TransformerModel other = TinyModels.randomModel(TinyModels.llamaGqa(), true, 2);
        RunModel.causalLm(other, null, null).load(tmp.resolve("a"));
        saved.parameters().forEach((name, p) -> assertArrayEquals(p.data(), other.parameters().get(name).data(), name));

        ScalarHeadModel rm = ScalarHeadModel.fromCausalLm(saved, 3);
        rm.rewardBias(0.25f);
        RunModel.rewardModel(rm, null, null).save(tmp.resolve("rm"), DType.F32);
        ScalarHeadModel rm2 = ScalarHeadModel.fromCausalLm(other, 4);
        RunModel.rewardModel(rm2, null, null).load(tmp.resolve("rm"));
        assertArrayEquals(rm.score().data(), rm2.score().data());
        assertEquals(0.25f, rm2.rewardBias());
    }

    @Test
    void aCheckpointOfAnotherShapeOrKindIsRefused() {
        RunModel.causalLm(TinyModels.randomModel(TinyModels.gpt2(), true, 1), null, null).save(tmp.resolve("gpt2"), DType.F32);
        TransformerModel llama = TinyModels.randomModel(TinyModels.llamaGqa(), true, 1);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> RunModel.causalLm(llama, null, null).load(tmp.resolve("gpt2")));
        assertTrue(e.getMessage().startsWith(tmp.resolve("gpt2") + " does not match the model"), e.getMessage());

        ScalarHeadModel rm = ScalarHeadModel.fromCausalLm(TinyModels.randomModel(TinyModels.gpt2(), true, 1), 1);
        e = assertThrows(IllegalStateException.class, () -> RunModel.rewardModel(rm, null, null).load(tmp.resolve("gpt2")));
        assertTrue(e.getMessage().contains("holds a causal LM, not a reward model"), e.getMessage());
    }
}
