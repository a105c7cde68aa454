package org.backprop4j.tensor;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A reusable barrier for the threads of one {@link Parallel#runConcurrently} task, which meet every few
 * microseconds: waiting threads spin (a park and wake-up costs tens of microseconds, longer than the
 * work between two meetings) and yield the core after a while, in case a compiler or GC thread needs
 * it. If one thread fails, {@link #breakBarrier} releases the others with an exception instead of
 * leaving them waiting for a thread that will never come.
 */
public final class SpinBarrier {
    /** Spins before a waiting thread starts yielding the core to other runnable threads. */
    private static final int SPINS_BEFORE_YIELD = 20_000;

    private final int parties;
    private final AtomicInteger arrived = new AtomicInteger();
    private volatile int generation;
    private volatile Throwable broken;

    public SpinBarrier(int parties) {
        if (parties < 1) throw new IllegalArgumentException("a barrier needs at least one party, got " + parties);
        this.parties = parties;
    }

    /**
     * Waits until all parties have arrived. Everything a thread wrote before arriving is visible to every
     * thread after it leaves (the last arrival's volatile write of the generation, read by the others).
     */
    public void await() {
        int gen = generation;
        if (arrived.incrementAndGet() == parties) {
            arrived.set(0);
            generation = gen + 1;
            return;
        }
        for (int spins = 0; generation == gen; spins++) {
            Throwable cause = broken;
            if (cause != null) throw new IllegalStateException("another thread of the task failed: " + cause, cause);
            if (spins < SPINS_BEFORE_YIELD) Thread.onSpinWait();
            else Thread.yield();
        }
    }

    /** Releases every waiting thread, now and at later awaits, with an exception citing {@code cause} (the first one given). */
    public void breakBarrier(Throwable cause) {
        if (broken == null) broken = cause; // the first failure, not the knock-on ones it causes
    }
}
