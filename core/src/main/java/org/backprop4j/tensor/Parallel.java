package org.backprop4j.tensor;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * A minimal fork-join for kernels, owned by one {@link ExecutionContext}: the calling thread runs part 0
 * of a task and one worker thread per further thread of the context runs the others. Workers spin for up to 100 µs between
 * tasks (training calls come microseconds apart, and waking a parked thread costs tens of
 * microseconds) and then park, so an idle JVM burns no CPU. Threads are created once, never per call.
 *
 * <p>One parallel task runs at a time per pool: a call made while another is running (from a second user
 * thread, or from inside a task) runs all its parts serially on its own thread instead. Two networks on
 * two contexts never share a pool, so neither waits for the other. Which thread
 * runs a part never changes what the part computes, so results do not depend on timing.
 */
public final class Parallel {
    /** A task split into parts; part p of n is run exactly once, on some thread. */
    public interface Task {
        void run(int part, int parts);
    }

    /**
     * How long an idle worker spins before it parks. Training calls come tens of microseconds apart, so
     * workers stay awake through a step; parked, a worker needs ~50 µs to wake. Measured in time, not
     * spins: a spin-wait hint costs anywhere from one cycle to over a hundred depending on the CPU.
     */
    private static final long SPIN_NANOS = 100_000;

    private final AtomicBoolean busy = new AtomicBoolean();
    private volatile Worker[] workers = new Worker[0];
    private final int threads;
    private boolean closed;

    Parallel(int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        this.threads = threads;
    }

    /** Threads kernels may use (the caller included). */
    public int threads() { return threads; }

    /** Ends the worker threads (they would otherwise park forever); a later parallel call runs serially. */
    synchronized void close() {
        closed = true;
        for (Worker w : workers) w.finish();
        workers = new Worker[0];
    }

    /** Runs parts 0 … parts−1 of {@code task}, in parallel when the pool is free, and returns when all are done. */
    public void run(Task task, int parts) {
        if (parts <= 1 || !busy.compareAndSet(false, true)) {
            for (int p = 0; p < parts; p++) task.run(p, parts);
            return;
        }
        runHoldingPool(task, parts);
    }

    /**
     * Runs all parts at once, each on its own thread, for tasks whose parts wait for one another (at a
     * barrier) and so would never finish run one after another. Returns false, having run nothing, when
     * the pool is taken: by a parallel call in progress, or because the caller is itself inside a task.
     */
    public boolean runConcurrently(Task task, int parts) {
        if (parts < 2) throw new IllegalArgumentException("concurrent parts need at least 2 threads, got " + parts);
        if (!busy.compareAndSet(false, true)) return false;
        if (ensureWorkers(parts - 1) == null) {
            busy.set(false);
            return false;
        }
        runHoldingPool(task, parts);
        return true;
    }

    private void runHoldingPool(Task task, int parts) {
        try {
            Worker[] ws = ensureWorkers(parts - 1);
            if (ws == null) { // closed
                for (int p = 0; p < parts; p++) task.run(p, parts);
                return;
            }
            for (int p = 1; p < parts; p++) ws[p - 1].submit(task, p, parts);
            Throwable failure = null;
            try {
                task.run(0, parts);
            } catch (Throwable t) {
                failure = t;
            }
            for (int p = 1; p < parts; p++) {
                Throwable t = ws[p - 1].await();
                if (failure == null) failure = t;
            }
            if (failure instanceof RuntimeException re) throw re;
            if (failure instanceof Error e) throw e;
            if (failure != null) throw new IllegalStateException(failure);
        } finally {
            busy.set(false);
        }
    }

    /** At least n workers, or null once the pool is closed. */
    private Worker[] ensureWorkers(int n) {
        Worker[] ws = workers;
        if (ws.length >= n) return ws;
        synchronized (this) {
            if (closed) return null;
            ws = workers;
            if (ws.length >= n) return ws;
            Worker[] grown = java.util.Arrays.copyOf(ws, n);
            for (int i = ws.length; i < n; i++) {
                grown[i] = new Worker(i + 1);
                grown[i].start();
            }
            workers = grown;
            return grown;
        }
    }

    private static final class Worker extends Thread {
        private volatile int posted;
        private volatile int finished;
        private Task task;
        private int part;
        private int parts;
        private Throwable failure;
        private volatile Thread waiter;
        private volatile boolean stopped;

        Worker(int id) {
            super("backprop4j-kernel-" + id);
            setDaemon(true);
        }

        void finish() {
            stopped = true;
            LockSupport.unpark(this);
        }

        /** Called by the submitting thread only, while it holds the pool. */
        void submit(Task t, int p, int n) {
            task = t;
            part = p;
            parts = n;
            failure = null;
            posted = posted + 1; // volatile write publishes the fields above
            LockSupport.unpark(this);
        }

        Throwable await() {
            int target = posted;
            long deadline = 0;
            for (int i = 1; finished != target; i++) {
                if ((i & 255) != 0) {
                    Thread.onSpinWait();
                } else if (deadline == 0) {
                    deadline = System.nanoTime() + SPIN_NANOS;
                } else if (System.nanoTime() > deadline) {
                    if (!isAlive() && finished != target) { // stopped by close() before it saw the task: run it here
                        try {
                            task.run(part, parts);
                        } catch (Throwable t) {
                            failure = t;
                        }
                        finished = target;
                        break;
                    }
                    waiter = Thread.currentThread();
                    if (finished != target) LockSupport.parkNanos(this, 100_000);
                    waiter = null;
                }
            }
            Throwable t = failure;
            task = null;
            return t;
        }

        @Override
        public void run() {
            int seen = 0;
            while (true) {
                long deadline = 0;
                for (int i = 1; posted == seen; i++) {
                    if ((i & 255) != 0) {
                        Thread.onSpinWait();
                    } else if (deadline == 0) {
                        deadline = System.nanoTime() + SPIN_NANOS;
                    } else if (System.nanoTime() > deadline) {
                        if (stopped) return;
                        LockSupport.park(this);
                    }
                }
                seen = posted;
                try {
                    task.run(part, parts);
                } catch (Throwable t) {
                    failure = t;
                }
                finished = seen; // volatile write publishes the task's results
                Thread w = waiter;
                if (w != null) LockSupport.unpark(w);
            }
        }
    }
}
