package org.rlhf4j.cli.demo;

/**
 * The sizes of a demo run: the default fits 20 minutes on 2 cores, {@code quick} 3 minutes (the
 * end-to-end test). Numbers of prompts follow the paper's proportions in miniature: the SFT, reward
 * model and PPO prompt sets are disjoint parts of the training split.
 *
 * @param vocabSize        BPE vocabulary of the trained tokenizer
 * @param layers           transformer blocks of the base model
 * @param dModel           hidden size
 * @param heads            attention heads
 * @param positions        longest sequence
 * @param pretrainSteps    pretraining optimizer steps
 * @param pretrainBatch    blocks per pretraining step
 * @param blockLength      tokens per pretraining block
 * @param sftPrompts       prompts the training labelers write demonstrations for
 * @param sftEpochs        SFT epochs over them
 * @param rmPrompts        prompts whose K sampled outputs the training labelers rank
 * @param k                outputs ranked per prompt
 * @param overlap          labelers per ranking prompt (more than one measures agreement)
 * @param rmEpochs         reward-model epochs
 * @param ppoPrompts       prompts PPO samples from
 * @param ppoEpisodes      PPO episodes (prompts answered) in all
 * @param ppoBatch         episodes per PPO iteration
 * @param responseLength   longest response in rollouts, candidates and evaluation
 * @param testPrompts      test prompts every model answers
 * @param heldOutTokens    held-out corpus tokens scored for the alignment tax
 */
public record DemoSettings(int vocabSize, int layers, int dModel, int heads, int positions, int pretrainSteps,
        int pretrainBatch, int blockLength, int sftPrompts, int sftEpochs, int rmPrompts, int k, int overlap,
        int rmEpochs, int ppoPrompts, int ppoEpisodes, int ppoBatch, int responseLength, int testPrompts,
        int heldOutTokens) {

    public static DemoSettings standard() {
        return new DemoSettings(4096, 4, 256, 4, 256, 1200, 16, 128, 2000, 8, 800, 4, 2, 2, 1000, 3072, 64, 32, 400,
                30000);
    }

    public static DemoSettings quick() {
        return new DemoSettings(1024, 2, 64, 2, 256, 120, 16, 64, 300, 2, 120, 4, 2, 1, 200, 256, 32, 16, 80, 4000);
    }

    /** Feed-forward width: four times the hidden size, as GPT-2. */
    public int ffn() {
        return 4 * dModel;
    }
}
