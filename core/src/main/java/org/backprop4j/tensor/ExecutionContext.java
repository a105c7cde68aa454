package org.backprop4j.tensor;

import java.lang.ref.Cleaner;

/**
 * The threads a network, trainer, evaluator or predictor computes on: its own worker pool and its own
 * parallel GEMMs (which hold the arguments of the product in progress). Nothing here is shared between
 * contexts, so two trainings and a predictor in one JVM run side by side without waiting for one another;
 * and since which thread runs a part never changes what it computes, each gives the same bits as alone.
 *
 * <p>The kernels themselves ({@link Kernels}) are stateless functions chosen once for the JVM (Vector API
 * or plain Java), as the JVM's flags allow; a context decides only how many threads run them.
 *
 * <p>Worker threads start on the first parallel call and spin briefly, then park, between calls.
 * {@link #close()} ends them; a context that becomes unreachable ends them too.
 */
public final class ExecutionContext implements AutoCloseable {
    private static final Cleaner CLEANER = Cleaner.create(r -> {
        Thread t = new Thread(r, "backprop4j-context-cleaner");
        t.setDaemon(true);
        return t;
    });

    private final Parallel pool;
    private final ParallelGemm gemm;
    private final ParallelGemm sparseLeftGemm;
    private final Cleaner.Cleanable cleanable;

    private ExecutionContext(int threads) {
        pool = new Parallel(threads);
        gemm = new ParallelGemm(Kernels.serialGemm(), pool);
        sparseLeftGemm = new ParallelGemm(Kernels.serialSparseLeftGemm(), pool);
        Parallel p = pool; // the cleaning action must not reach this object
        cleanable = CLEANER.register(this, p::close);
    }

    /** A context of {@link Kernels#defaultThreads()} threads. */
    public static ExecutionContext create() { return new ExecutionContext(Kernels.defaultThreads()); }

    /** A context of {@code threads} threads, the caller's included (1: everything on the calling thread). */
    public static ExecutionContext create(int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        return new ExecutionContext(threads);
    }

    Parallel pool() { return pool; }

    /** Threads the kernels use, the calling thread included. */
    public int threads() { return pool.threads(); }

    /** The GEMM of training: the chosen kernel, split over this context's threads when the product is large. */
    public Gemm gemm() { return gemm; }

    /** The GEMM for a sparse left operand ({@link Kernels#serialSparseLeftGemm()}), split like {@link #gemm()}. */
    public Gemm sparseLeftGemm() { return sparseLeftGemm; }

    /** Runs parts 0 … parts−1 of a task on this context's threads (see {@link Parallel#run}). */
    public void run(Parallel.Task task, int parts) { pool.run(task, parts); }

    /** Runs all parts at once, each on its own thread (see {@link Parallel#runConcurrently}). */
    public boolean runConcurrently(Parallel.Task task, int parts) { return pool.runConcurrently(task, parts); }

    /** Ends this context's worker threads; parallel work given to it afterwards runs on the calling thread. */
    @Override
    public void close() { cleanable.clean(); }

    @Override
    public String toString() { return "ExecutionContext(" + threads() + " threads, " + gemm.name() + ")"; }
}
