package org.backprop4j.cli;

import java.io.PrintWriter;
import java.io.Writer;

/**
 * A writer that hands whole lines to another, each with a prefix ("[member 2] "), so that runs printing
 * to one stream at the same time interleave by lines, never within one. A line is written and flushed
 * as its newline arrives; {@link #close} writes an unfinished last line.
 */
final class LinePrefixer extends Writer {
    private final PrintWriter target;
    private final String prefix;
    private final StringBuilder line = new StringBuilder();

    private LinePrefixer(PrintWriter target, String prefix) {
        this.target = target;
        this.prefix = prefix;
    }

    /** A print writer whose lines go to target with the prefix. */
    static PrintWriter of(PrintWriter target, String prefix) { return new PrintWriter(new LinePrefixer(target, prefix)); }

    @Override
    public synchronized void write(char[] c, int off, int len) {
        for (int i = off; i < off + len; i++) {
            if (c[i] == '\n') {
                emit();
            } else if (c[i] != '\r') { // a Windows line end, or a redraw that this stream cannot show
                line.append(c[i]);
            }
        }
    }

    private void emit() {
        synchronized (target) {
            target.println(prefix + line);
            target.flush();
        }
        line.setLength(0);
    }

    @Override
    public void flush() {} // a line goes out whole, when it ends

    @Override
    public synchronized void close() {
        if (!line.isEmpty()) emit();
    }
}
