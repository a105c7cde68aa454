package org.backprop4j.nn;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.backprop4j.tensor.ExecutionContext;
import org.backprop4j.tensor.Parallel;

/**
 * A layer's pass over a mini-batch cut into groups of examples that the kernel threads take in turn.
 * The groups depend only on the batch size, never on the number of threads: a gradient summed over a
 * batch is a sum of per-group sums added in group order, so it is the same bits on any number of threads
 * (the dense layers get the same from splitting their products by rows or columns instead).
 *
 * <p>At most 8 examples a group and an even number of groups (from 2 examples on), so that two threads
 * share the work evenly: a batch of 64 is 8 groups of 8, Nielsen's batch of 10 two groups of 5.
 * Each thread works in a part's own buffers ({@code part} indexes them); a part runs on one thread at a time.
 */
abstract class ExampleGroups implements Parallel.Task {
    private final AtomicInteger next = new AtomicInteger();
    /** Two parts: the next group from the front (high word) and from the back (low word). */
    private final AtomicLong ends = new AtomicLong();
    private int m;
    private int groups;

    /** The number of groups of a batch of m. */
    static int groups(int m) { return m <= 1 ? 1 : 2 * ((m + 15) / 16); }

    /** The first example of group q of a batch of m in `groups` groups. */
    static int start(int m, int groups, int q) { return (int) ((long) m * q / groups); }

    /** The largest group of a batch of up to `capacity` examples. */
    static int largestGroup(int capacity) {
        int largest = 0;
        for (int m = 1; m <= Math.min(capacity, 64); m++) largest = Math.max(largest, (m + groups(m) - 1) / groups(m));
        return capacity > 64 ? 8 : largest;
    }

    /** The parts that run a batch of m on `threads` threads: one per thread, at most one per group. */
    static int parts(int threads, int m) { return Math.min(threads, groups(m)); }

    /** The size of the batch being run. */
    final int batch() { return m; }

    /** Runs {@link #group} once for every group of a batch of m on the context's threads (at most one per group); returns the group count. */
    final int runGroups(ExecutionContext context, int m) {
        this.m = m;
        this.groups = groups(m);
        next.set(0);
        ends.set(groups - 1);
        context.run(this, parts(context.threads(), m));
        return groups;
    }

    /**
     * With two parts, one takes groups from the front and the other from the back until they meet: each
     * thread tends to get the same examples in every layer, still in its own cache from the layer before,
     * and a thread slowed for a while leaves more of them to the other. More parts take groups in turn.
     */
    @Override
    public final void run(int part, int parts) {
        if (parts == 2) {
            while (true) {
                long e = ends.get();
                int lo = (int) (e >>> 32), hi = (int) e;
                if (lo > hi) return;
                int q = part == 0 ? lo : hi;
                long claimed = part == 0 ? ((long) (lo + 1) << 32) | (hi & 0xFFFFFFFFL) : ((long) lo << 32) | ((hi - 1) & 0xFFFFFFFFL);
                if (ends.compareAndSet(e, claimed)) group(part, q, start(m, groups, q), start(m, groups, q + 1));
            }
        }
        for (int q; (q = next.getAndIncrement()) < groups; ) group(part, q, start(m, groups, q), start(m, groups, q + 1));
    }

    /** Examples [from, to) of the batch, which are group q, in part's buffers. */
    abstract void group(int part, int q, int from, int to);
}
