package org.backprop4j.optim;

/** How an element-wise update of n values is cut into parts for the kernel threads. */
final class Ranges {
    /** Updates of fewer values than this per part run on one thread: splitting them costs more than it saves. */
    static final int MIN_PER_PART = 16_384;
    private static final int ALIGN = 64;
    /**
     * Updates whose ∇W product had fewer multiply-adds (n·batchSize) than this stay on one thread, even
     * where {@code ParallelGemm} split the product (from 2¹⁹): nielsen-ch3's 78,400 weights × 10 examples
     * (0.78 M) lost 50% split (see {@link #parts}).
     */
    static final long MIN_GRADIENT_WORK = 1L << 20;

    private Ranges() {}

    /**
     * Parts for an update of n values whose gradient came from a mini-batch of batchSize examples. The
     * update is split only when the ∇W product (n·batchSize multiply-adds) was split among the threads
     * too: then each core updates weights whose gradients are already in its cache. Otherwise the
     * product ran on one core, and the other core's half would have to cross over. Measured on two
     * threads: mlp100 (78,400 weights, batch 64) 0.245 → 0.199 s per epoch split; nielsen-ch3 (the same
     * 78,400 weights, batch 10) 0.40 → 0.59 s split. (nielsen's 23,520, split with parts of 8,192 in
     * another trial, went from 0.143 to 0.199 s: MIN_PER_PART keeps such small updates whole anyway.)
     */
    static int parts(int threads, int n, int batchSize) {
        if ((long) n * batchSize < MIN_GRADIENT_WORK) return 1;
        return Math.max(1, Math.min(threads, n / MIN_PER_PART));
    }

    /** Start of part p of n values in `parts` parts (p = parts gives n), on 64-value boundaries. */
    static int from(int n, int p, int parts) {
        if (p >= parts) return n;
        long at = (long) n * p / parts;
        return (int) Math.min(n, at / ALIGN * ALIGN);
    }
}
