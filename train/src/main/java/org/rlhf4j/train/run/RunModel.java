package org.rlhf4j.train.run;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rlhf4j.model.ScalarHeadModel;
import org.rlhf4j.model.TransformerModel;
import org.rlhf4j.model.hf.HfConfig;
import org.rlhf4j.model.hf.HfModelFolder;
import org.rlhf4j.tensor.Rng;
import org.rlhf4j.tensor.Tensor;
import org.rlhf4j.tensor.io.DType;

/**
 * The model a run trains, as the run folder sees it: its parameters, dropout on or off, and
 * its weights saved as a Hugging Face folder and loaded back into the same tensors (by name,
 * checked: a checkpoint of another shape or kind is refused, never copied by position).
 */
public interface RunModel {
    List<Tensor> parameters();

    /** Dropout on (masks drawn from {@code rng}) or off. */
    void train(boolean on, Rng rng);

    /** Writes the model as a Hugging Face folder in {@code dtype}, with the tokenizer files. */
    void save(Path dir, DType dtype);

    /** Loads weights saved by {@link #save} into this model's tensors. */
    void load(Path dir);

    /** A causal LM; {@code base} keeps the source config.json's unknown fields, {@code tokenizerDir} the tokenizer. */
    static RunModel causalLm(TransformerModel model, HfConfig base, Path tokenizerDir) {
        return new RunModel() {
            @Override public List<Tensor> parameters() { return model.parameterList(); }
            @Override public void train(boolean on, Rng rng) { model.train(on, rng); }
            @Override public void save(Path dir, DType dtype) { HfModelFolder.saveCausalLm(model, base, dir, dtype, tokenizerDir); }

            @Override
            public void load(Path dir) {
                copyWeights(HfModelFolder.open(dir).loadCausalLm().parameters(), model.parameters(), dir);
            }
        };
    }

    /** A reward (or value) model: body, score head and the reward bias. */
    static RunModel rewardModel(ScalarHeadModel model, HfConfig base, Path tokenizerDir) {
        return new RunModel() {
            @Override public List<Tensor> parameters() { return model.parameterList(); }
            @Override public void train(boolean on, Rng rng) { model.body().train(on, rng); }
            @Override public void save(Path dir, DType dtype) { HfModelFolder.saveScalarHead(model, base, dir, dtype, tokenizerDir); }

            @Override
            public void load(Path dir) {
                HfModelFolder folder = HfModelFolder.open(dir);
                if (!folder.hasScalarHead()) {
                    throw new IllegalStateException(dir + " holds a causal LM, not a reward model");
                }
                ScalarHeadModel saved = folder.loadScalarHead();
                copyWeights(named(saved), named(model), dir);
                model.rewardBias(saved.rewardBias());
            }

            private static Map<String, Tensor> named(ScalarHeadModel m) {
                Map<String, Tensor> all = new LinkedHashMap<>(m.body().parameters());
                all.put(ScalarHeadModel.SCORE, m.score());
                return all;
            }
        };
    }

    /** Copies every tensor of {@code to} from the tensor of the same name and size in {@code from}, which must hold no others. */
    static void copyWeights(Map<String, Tensor> from, Map<String, Tensor> to, Path source) {
        for (String name : from.keySet()) {
            if (!to.containsKey(name)) {
                throw new IllegalStateException(source + " does not match the model: it holds " + name + ", which the model lacks");
            }
        }
        to.forEach((name, p) -> {
            Tensor src = from.get(name);
            if (src == null || !java.util.Arrays.equals(src.shape(), p.shape())) {
                throw new IllegalStateException(source + " does not match the model: parameter " + name
                        + (src == null ? " is missing" : " has shape " + java.util.Arrays.toString(src.shape())
                        + ", the model's is " + java.util.Arrays.toString(p.shape())));
            }
            System.arraycopy(src.data(), 0, p.data(), 0, p.size());
        });
    }
}
