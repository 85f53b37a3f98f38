package org.rlhf4j.train.run;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A progress bar on stderr: {@code [=====>    ] 120/1000 epoch 1 loss 2.345 ... 1450 tok/s ETA 3m10s}.
 * On a terminal it redraws one line; otherwise (a log file, CI) it prints a line at most every
 * {@code quietSeconds}, so logs stay readable.
 */
public final class Progress {
    private final PrintStream out;
    private final String label;
    private final long total;
    private final boolean terminal;
    private final LongSupplier clock;
    /** Time and step of the first update shown: the rate is measured from there, after the first step's JIT warm-up. */
    private long rateFromNanos = -1;
    private long rateFromStep;
    private long lastPrinted;
    private final double quietSeconds;

    public Progress(PrintStream out, String label, long total) {
        this(out, label, total, System.console() != null && System.getenv("CI") == null, System::nanoTime);
    }

    Progress(PrintStream out, String label, long total, boolean terminal, LongSupplier clock) {
        this.out = out;
        this.label = label;
        this.total = total;
        this.terminal = terminal;
        this.clock = clock;
        this.quietSeconds = terminal ? 0.2 : 10;
    }

    /** Shows progress after {@code step} of {@code total}; {@code details} is e.g. "loss 2.3 lr 1e-4". */
    public void update(long step, String details, boolean force) {
        long now = clock.getAsLong();
        if (rateFromNanos < 0) {
            rateFromNanos = now;
            rateFromStep = step;
            lastPrinted = now;
            if (!terminal && !force && step < total) {
                return; // a log's first line waits for a rate to estimate from
            }
        } else if (!force && (now - lastPrinted) / 1e9 < quietSeconds && step < total) {
            return;
        }
        lastPrinted = now;
        String eta = "--";
        if (step > rateFromStep) {
            double perStep = (now - rateFromNanos) / 1e9 / (step - rateFromStep);
            long seconds = Math.round(perStep * (total - step));
            eta = String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
        }
        int width = 24;
        int filled = (int) (width * Math.min(1.0, (double) step / Math.max(1, total)));
        String bar = "=".repeat(filled) + (filled < width ? ">" + " ".repeat(width - filled - 1) : "");
        String line = String.format(Locale.ROOT, "%s [%s] %d/%d %s ETA %s", label, bar, step, total, details, eta);
        if (terminal) {
            out.print("\r" + line + "\u001b[K");
            if (step >= total) {
                out.println();
            }
        } else {
            out.println(line);
        }
        out.flush();
    }

    /** Ends the bar's line (before other output). */
    public void finish() {
        if (terminal) {
            out.println();
        }
    }
}
