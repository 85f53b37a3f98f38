package org.rlhf4j.eval.measures;

/**
 * How often a reward model agrees with a group of judges on pairs of responses: the share of
 * non-tied verdicts where the response the judge preferred has the higher reward. The paper's
 * RM accuracy on training labelers (72.4%) and held-out labelers (69.6%).
 *
 * @param agreeing verdicts the reward model agrees with
 * @param compared verdicts that were not ties (and whose scores differ)
 */
public record RewardModelAgreement(long agreeing, long compared) {
    public double rate() {
        return compared == 0 ? Double.NaN : (double) agreeing / compared;
    }

    /**
     * @param verdicts  per pair, each judge's verdict (1 = first response preferred, 0 = second, 0.5 tie)
     * @param first     the reward of each pair's first response
     * @param second    the reward of each pair's second response
     */
    public static RewardModelAgreement of(java.util.List<double[]> verdicts, float[] first, float[] second) {
        long agreeing = 0;
        long compared = 0;
        for (int p = 0; p < verdicts.size(); p++) {
            if (first[p] == second[p]) {
                continue;
            }
            boolean rmPrefersFirst = first[p] > second[p];
            for (double v : verdicts.get(p)) {
                if (v == 0.5) {
                    continue;
                }
                compared++;
                if ((v == 1) == rmPrefersFirst) {
                    agreeing++;
                }
            }
        }
        return new RewardModelAgreement(agreeing, compared);
    }
}
