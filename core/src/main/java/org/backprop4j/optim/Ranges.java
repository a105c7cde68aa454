package org.backprop4j.optim;

import org.backprop4j.tensor.Parallel;

/** How an element-wise update of n values is cut into parts for the kernel threads. */
final class Ranges {
    /**
     * Updates smaller than this run on one thread. Measured (bench, 2 threads): at 16,384 the mlp100
     * epoch drops from 0.245 to 0.199 s (its 78,400 weights, whose products already run on both cores,
     * are updated half on each); at 8,192 nielsen's 23,520 would split too, and its epoch grows from
     * 0.143 to 0.199 s, since its products run on one core and the other core's half must cross over.
     */
    static final int MIN_PER_PART = 16_384;
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
