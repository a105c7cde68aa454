package org.backprop4j.optim;

import org.backprop4j.tensor.Parallel;

/** How an element-wise update of n values is cut into parts for the kernel threads. */
final class Ranges {
    /** Updates smaller than this run on one thread: splitting them costs more than it saves. */
    static final int MIN_PER_PART = 65_536;
    private static final int ALIGN = 64;

    private Ranges() {}

    static int parts(int n) {
        return Math.max(1, Math.min(Parallel.threads(), n / MIN_PER_PART));
    }

    /** Start of part p of n values in `parts` parts (p = parts gives n), on 64-value boundaries. */
    static int from(int n, int p, int parts) {
        if (p >= parts) return n;
        long at = (long) n * p / parts;
        return (int) Math.min(n, at / ALIGN * ALIGN);
    }
}
