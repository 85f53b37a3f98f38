package org.rlhf4j.train.run;

import java.io.PrintStream;
import java.util.Locale;

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
    private final long started = System.nanoTime();
    private final long startStep;
    private long lastPrinted;
    private final double quietSeconds;

    public Progress(PrintStream out, String label, long total, long startStep) {
        this.out = out;
        this.label = label;
        this.total = total;
        this.startStep = startStep;
        this.terminal = System.console() != null && System.getenv("CI") == null;
        this.quietSeconds = terminal ? 0.2 : 10;
    }

    /** Shows progress after {@code step} of {@code total}; {@code details} is e.g. "loss 2.3 lr 1e-4". */
    public void update(long step, String details, boolean force) {
        long now = System.nanoTime();
        if (!force && (now - lastPrinted) / 1e9 < quietSeconds && step < total) {
            return;
        }
        lastPrinted = now;
        double elapsed = (now - started) / 1e9;
        double perStep = step > startStep ? elapsed / (step - startStep) : 0;
        long eta = Math.round(perStep * (total - step));
        int width = 24;
        int filled = (int) (width * Math.min(1.0, (double) step / Math.max(1, total)));
        String bar = "=".repeat(filled) + (filled < width ? ">" + " ".repeat(width - filled - 1) : "");
        String line = String.format(Locale.ROOT, "%s [%s] %d/%d %s ETA %dm%02ds", label, bar, step, total, details,
                eta / 60, eta % 60);
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
