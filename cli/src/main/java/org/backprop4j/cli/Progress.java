package org.backprop4j.cli;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * A progress bar within each epoch, redrawn in place on a terminal: examples done, examples per second,
 * the running training cost, and the time left in the epoch and in the run. Redrawn at most ten times
 * a second from the training thread (a mini-batch takes microseconds to milliseconds, so drawing each
 * would cost more than the training). Off the terminal (a pipe, CI, a test) it draws nothing and the
 * per-epoch lines are the whole output.
 */
final class Progress {
    private static final long REDRAW_NANOS = 100_000_000L;
    private static final int WIDTH = 28;

    private final PrintWriter out;
    private final boolean enabled;
    private final int epochs;
    private long epochStart;
    private long lastDraw;
    private boolean drawn;
    /** Wall time of the finished epochs, training and evaluation, for the run's time left. */
    private double finishedSeconds;
    private int finishedEpochs;

    Progress(PrintWriter out, boolean enabled, int epochs) {
        this.out = out;
        this.enabled = enabled;
        this.epochs = epochs;
    }

    /** Whether standard output is a terminal: where a line can be redrawn. */
    static boolean terminal() {
        java.io.Console c = System.console();
        return c != null && c.isTerminal() && !"dumb".equals(System.getenv("TERM"));
    }

    void epochStarting() {
        epochStart = System.nanoTime();
        lastDraw = epochStart;
    }

    void batch(int epoch, int done, int total, double meanCost) {
        if (!enabled) return;
        long now = System.nanoTime();
        if (now - lastDraw < REDRAW_NANOS && done < total) return;
        lastDraw = now;
        double seconds = (now - epochStart) / 1e9;
        double rate = done / Math.max(seconds, 1e-9);
        double epochLeft = (total - done) / rate;
        double perEpoch = finishedEpochs > 0 ? finishedSeconds / finishedEpochs : total / rate;
        double runLeft = epochLeft + Math.max(0, epochs - epoch) * perEpoch;
        int filled = (int) ((long) WIDTH * done / total);
        String bar = "=".repeat(filled) + (filled < WIDTH ? ">" + " ".repeat(WIDTH - filled - 1) : "");
        out.print(String.format(Locale.ROOT, "\r\033[KEpoch %d/%d [%s] %,d/%,d  %,.0f examples/s  training cost %.4f  ETA %s (run %s)",
                epoch, epochs, bar, done, total, rate, meanCost, clock(epochLeft), clock(runLeft)));
        out.flush();
        drawn = true;
    }

    /** Clears the bar before the epoch's line is printed in its place. */
    void epochFinished() {
        finishedSeconds += (System.nanoTime() - epochStart) / 1e9;
        finishedEpochs++;
        clear();
    }

    void clear() {
        if (!drawn) return;
        out.print("\r\033[K");
        out.flush();
        drawn = false;
    }

    /** m:ss, or h:mm:ss from an hour. */
    static String clock(double seconds) {
        long s = Math.round(Math.max(0, seconds));
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
