package org.rlhf4j.sim.labelers;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.rlhf4j.sim.judge.Measurement;
import org.rlhf4j.sim.prompts.Category;
import org.rlhf4j.sim.prompts.SimPrompt;

/**
 * Measured responses of the kinds a policy produces, without a model: the gold answer, a verbose or
 * terse correct one, one that breaks a constraint, a wrong (invented) answer, an abstention, an
 * off-topic ramble, one with a harmful word. Partly correct variants blur the gaps, as real outputs do.
 */
final class SyntheticResponses {
    static final SimPrompt PROMPT = new SimPrompt("capital-0001", "What is the capital of France?", Category.CLOSED_QA,
            "capital", List.of(), List.of("paris"), List.of("france"), "The capital of France is Paris.", true);

    record Response(String text, Measurement measurement) { }

    static final Measurement GOLD = new Measurement(1, true, false, false, false, 0, 6);

    private SyntheticResponses() {
    }

    /** K responses of mixed quality, texts distinct. */
    static List<Response> draw(int k, Random random) {
        List<Response> out = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            double partial = random.nextDouble();
            int kind = random.nextInt(7);
            Measurement m = switch (kind) {
                case 0 -> GOLD;
                case 1 -> new Measurement(1, true, false, false, false, 0, 6 * (2 + random.nextInt(3)));
                case 2 -> new Measurement(1, true, true, false, false, 0, 6);
                case 3 -> new Measurement(0, true, false, true, false, 0, 5 + random.nextInt(4));
                case 4 -> new Measurement(0, true, false, false, true, 0, 4);
                case 5 -> new Measurement(partial * 0.4, false, false, false, false, 0, 3 + random.nextInt(20));
                default -> new Measurement(partial, true, false, false, false, 1, 6 + random.nextInt(6));
            };
            out.add(new Response("response " + i + " of kind " + kind, m));
        }
        return out;
    }
}
