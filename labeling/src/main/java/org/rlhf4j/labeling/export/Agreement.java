package org.rlhf4j.labeling.export;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.rlhf4j.labeling.db.Database;

/**
 * Inter-labeler agreement as InstructGPT reports it (about 73% between training labelers):
 * over every prompt ranked by two or more labelers, and every pair of outputs that both
 * labelers of a pair put in different ranks, the share they ordered the same way. Pairs
 * that either labeler tied are left out.
 */
public record Agreement(long agreeing, long compared, long tiesExcluded, int overlappingPrompts,
                        List<LabelerPair> labelerPairs) {

    /** Agreement between two labelers over the prompts they both ranked. */
    public record LabelerPair(String a, String b, int prompts, long agreeing, long compared) {
        public double rate() {
            return compared == 0 ? Double.NaN : (double) agreeing / compared;
        }
    }

    public double rate() {
        return compared == 0 ? Double.NaN : (double) agreeing / compared;
    }

    /** The rate in percent with one decimal, for pages and reports. */
    public String percent() {
        return compared == 0 ? "n/a" : String.format(Locale.ROOT, "%.1f", 100.0 * rate());
    }

    public static Agreement of(Database db) {
        return of(RankedTask.all(db));
    }

    static Agreement of(List<RankedTask> rankings) {
        Map<Long, List<RankedTask>> byPrompt = new TreeMap<>();
        for (RankedTask r : rankings) {
            byPrompt.computeIfAbsent(r.promptId(), x -> new ArrayList<>()).add(r);
        }
        long agreeing = 0;
        long compared = 0;
        long ties = 0;
        int overlapping = 0;
        Map<String, long[]> pairs = new LinkedHashMap<>();
        for (List<RankedTask> group : byPrompt.values()) {
            if (group.size() < 2) {
                continue;
            }
            overlapping++;
            for (int i = 0; i < group.size(); i++) {
                for (int j = i + 1; j < group.size(); j++) {
                    RankedTask x = group.get(i);
                    RankedTask y = group.get(j);
                    boolean swap = x.labeler().compareTo(y.labeler()) > 0;
                    RankedTask a = swap ? y : x;
                    RankedTask b = swap ? x : y;
                    long[] counts = pairs.computeIfAbsent(a.labeler() + "\u0000" + b.labeler(), k -> new long[3]);
                    counts[2]++;
                    Map<Long, Integer> ra = ranks(a.groups());
                    Map<Long, Integer> rb = ranks(b.groups());
                    List<Long> common = a.candidateIds().stream().filter(rb::containsKey).sorted().toList();
                    for (int p = 0; p < common.size(); p++) {
                        for (int q = p + 1; q < common.size(); q++) {
                            int da = Integer.compare(ra.get(common.get(p)), ra.get(common.get(q)));
                            int db = Integer.compare(rb.get(common.get(p)), rb.get(common.get(q)));
                            if (da == 0 || db == 0) {
                                ties++;
                                continue;
                            }
                            compared++;
                            counts[1]++;
                            if (da == db) {
                                agreeing++;
                                counts[0]++;
                            }
                        }
                    }
                }
            }
        }
        List<LabelerPair> perPair = new ArrayList<>();
        pairs.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            String[] names = e.getKey().split("\u0000", 2);
            long[] c = e.getValue();
            perPair.add(new LabelerPair(names[0], names[1], (int) c[2], c[0], c[1]));
        });
        return new Agreement(agreeing, compared, ties, overlapping, List.copyOf(perPair));
    }

    private static Map<Long, Integer> ranks(List<List<Long>> groups) {
        Map<Long, Integer> ranks = new HashMap<>();
        for (int g = 0; g < groups.size(); g++) {
            for (long id : groups.get(g)) {
                ranks.put(id, g);
            }
        }
        return ranks;
    }

    /** The report printed by {@code label export}. */
    public String report() {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "agreement pairwise=%s%% compared_pairs=%d agreeing_pairs=%d ties_excluded=%d overlapping_prompts=%d%n",
                percent(), compared, agreeing, tiesExcluded, overlappingPrompts));
        for (LabelerPair p : labelerPairs) {
            s.append(String.format(Locale.ROOT, "  %s ~ %s: %s over %d pairs on %d prompts%n", p.a(), p.b(),
                    p.compared() == 0 ? "n/a" : String.format(Locale.ROOT, "%.1f%%", 100 * p.rate()), p.compared(), p.prompts()));
        }
        return s.toString();
    }
}
