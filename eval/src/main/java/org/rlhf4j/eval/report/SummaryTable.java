package org.rlhf4j.eval.report;

import org.rlhf4j.eval.report.EvalResults.ModelResult;

/**
 * The few figures a terminal shows after {@code rlhf4j eval}: per model the win rate against the
 * baseline with its interval, the Likert mean, hallucinations, correct factual answers and the
 * held-out perplexity. Absent figures read as a dash.
 */
final class SummaryTable {
    private SummaryTable() {}

    static String render(EvalResults results) {
        TextTable table = new TextTable("model", "win rate vs " + results.setup().baseline() + " [95% CI]", "likert",
                "hallucination", "correct", "perplexity");
        for (ModelResult m : results.models()) {
            table.row(m.name(), Format.percentWithInterval(m.winRate(), m.winRateCi()),
                    m.likert() == null ? Format.ABSENT : Format.decimal(m.likert().mean(), 2),
                    m.metadata() == null ? Format.ABSENT : Format.share(m.metadata().hallucination()),
                    m.truthfulness() == null ? Format.ABSENT : Format.share(m.truthfulness().correct()),
                    Format.decimal(m.heldOutPerplexity(), 2));
        }
        return table.render();
    }
}
