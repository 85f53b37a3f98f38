package org.rlhf4j.train.ppo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rlhf4j.model.ScalarHeadModel;
import org.rlhf4j.model.TransformerModel;
import org.rlhf4j.model.hf.HfConfig;
import org.rlhf4j.tensor.Rng;
import org.rlhf4j.tensor.Tensor;
import org.rlhf4j.tensor.io.AtomicFiles;
import org.rlhf4j.tensor.io.DType;
import org.rlhf4j.train.run.RunModel;

/**
 * Everything PPO trains, as one {@link RunModel} for the run folder: the policy (a Hugging Face
 * causal-LM folder), the value model in {@code value/} and the KL coefficient in
 * {@code kl_controller.json}, and with {@code ema_decay} the policy's moving average in
 * {@code policy_ema.safetensors}. A checkpoint therefore holds all trained state; the rollouts of an
 * iteration depend only on it and the iteration's number, so a resumed run repeats the
 * uninterrupted one.
 */
final class PpoState implements RunModel {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String KL_FILE = "kl_controller.json";

    private final RunModel policy;
    private final RunModel value;
    private final List<Tensor> parameters;
    private final double[] beta;
    private final PolicyEma ema;

    PpoState(TransformerModel policy, HfConfig policyBase, ScalarHeadModel value, HfConfig valueBase, Path tokenizerDir,
             double[] beta, PolicyEma ema) {
        this.policy = RunModel.causalLm(policy, policyBase, tokenizerDir);
        this.value = RunModel.rewardModel(value, valueBase, tokenizerDir);
        this.parameters = new ArrayList<>(policy.parameterList());
        this.parameters.addAll(value.parameterList());
        this.beta = beta;
        this.ema = ema;
    }

    @Override
    public List<Tensor> parameters() {
        return parameters;
    }

    @Override
    public void train(boolean on, Rng rng) {
        // dropout stays off in all four models during RL: the ratio is 1 at the first step and the KL exact
    }

    @Override
    public void save(Path dir, DType dtype) {
        policy.save(dir, dtype);
        value.save(dir.resolve("value"), dtype);
        ObjectNode o = JSON.createObjectNode().put("beta", beta[0]);
        byte[] bytes = o.toPrettyString().getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(dir.resolve(KL_FILE), out -> out.write(bytes));
        if (ema != null) {
            ema.save(dir);
        }
    }

    @Override
    public void load(Path dir) {
        policy.load(dir);
        value.load(dir.resolve("value"));
        try {
            beta[0] = JSON.readTree(Files.readString(dir.resolve(KL_FILE), StandardCharsets.UTF_8)).path("beta").asDouble();
        } catch (IOException e) {
            throw new UncheckedIOException(dir.resolve(KL_FILE) + ": cannot read the KL coefficient: " + e.getMessage(), e);
        }
        if (ema != null) {
            ema.load(dir);
        }
    }
}
