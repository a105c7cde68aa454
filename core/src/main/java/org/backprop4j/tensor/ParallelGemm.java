package org.backprop4j.tensor;

/**
 * Runs a GEMM on all kernel threads by splitting C into blocks of rows or of columns, one per thread
 * (two threads on a large product also take small blocks from each other's half once done with their
 * own: see {@link #twoEnded}).
 *
 * <p>Split points are multiples of every dense kernel's tile (8 rows and 32 columns on the broadcast
 * path, 4 on the dot path), so each element of C is computed by exactly the code and in exactly the order
 * a single thread would use: the result is the same bits for any number of threads. (The sparse-left
 * kernels' results do not depend on their tiling at all: each element is its own chain.) Splitting C, rather
 * than the mini-batch, needs no reduction of partial gradients. Products too small to repay the
 * hand-off (under {@link #MIN_WORK}, where moving the operands between cores costs more than the
 * second core saves) run on the calling thread.
 *
 * <p>Rows are split in preference to columns: with a column split, every row of C has a boundary
 * between two threads' regions, and the cache lines there (with their adjacent-line prefetch partners)
 * bounce between the cores, ~100 ns each (measured: 30×784 C split by columns took 7 µs, by rows 3.9).
 * When only columns split well (a short C, like a mini-batch of 10), workers write their blocks into
 * private buffers, copied into C by the caller afterwards.
 */
public final class ParallelGemm implements Gemm, Parallel.Task {
    /**
     * Products of fewer multiply-adds (m·n·k) than this run on the calling thread alone. mlp800's three
     * output-layer products (1.02 M each: 128×10×800, 10×800×128, 128×800×10) are above it: split, they
     * take about 80 µs of a step instead of 115, and the worker no longer parks in the serial stretch
     * between z² and δ¹ (a parked worker wakes ~45 µs late). Measured (StepPhases, 2¹⁹ against 2²⁰
     * switched every 10 steps): step p50 −1 to −4%, mean −1 to −3% in each of 6 epochs. JMH on two threads:
     * 1.6–1.8× one thread's speed down to 10×100×784 (0.78 M). The thresholds for splitting the optimizer's
     * update and for the unit split are their own, measured separately ({@code Ranges}, {@code UnitSplitEpoch}).
     */
    public static final long MIN_WORK = 1L << 19;

    private final Gemm base;
    private final Parallel pool;
    // the arguments of the call in progress (one parallel GEMM runs at a time on this object's context)
    private boolean transA, transB, splitRows;
    private int m, n, k, lda, ldb, ldc, aOff, bOff, cOff, unit;
    private float alpha, beta;
    private float[] a, b, c;
    private Epilogue epilogue; // of a row split, run per block; null otherwise
    /**
     * With two threads on a large product, each half is cut into a large block at its outer end and
     * eighths next to the middle ({@link #cutTwoEnded}), and the threads take blocks from the two ends
     * (thread 0 upwards, thread 1 downwards) until they meet: when one core runs slower for a while, the
     * other takes the slow one's eighths instead of waiting for them. On this VM the second core loses
     * most of its speed for a few hundred milliseconds at a time (measured with StepPhases' timeline:
     * slow steps come in runs of 10–50, in which the single-threaded phases keep their time and the
     * parallel products take 2.1–2.6× theirs). Bounds in units (the last used one at index
     * {@link #lastBound}); the ends taken so far packed in one long (low in the high word).
     */
    private final int[] twoEnded = new int[2 * MAX_EIGHTHS + 3];
    /** Eighths per half next to the middle, at most (see {@link #cutTwoEnded}). */
    private static final int MAX_EIGHTHS = 4;
    private int lastBound;
    private final java.util.concurrent.atomic.AtomicLong ends = new java.util.concurrent.atomic.AtomicLong();
    private boolean stealing;
    /** Private output blocks for the workers of a column split (index = part), grown as needed. */
    private float[][] privateC = new float[0][];
    private boolean usePrivate;

    ParallelGemm(Gemm base, Parallel pool) {
        this.base = base;
        this.pool = pool;
    }

    /** {@code base} split over the threads of {@code context}: for tests and benchmarks of a given kernel. */
    public static ParallelGemm over(Gemm base, ExecutionContext context) { return new ParallelGemm(base, context.pool()); }

    @Override
    public String name() { return base.name(); }

    public Gemm base() { return base; }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                     float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                     float beta, float[] c, int cOff, int ldc) {
        gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, null);
    }

    /**
     * Split by rows, each thread runs the epilogue on each block of rows right after computing it;
     * otherwise (columns, or one thread) the caller runs it over all rows at the end.
     */
    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                     float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                     float beta, float[] c, int cOff, int ldc, Epilogue epilogue) {
        int threads = pool.threads();
        if (threads < 2 || (long) m * n * k < MIN_WORK) {
            base.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, epilogue);
            return;
        }
        Gemm.checkArguments(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
        boolean dot = transB && !transA;
        int rowUnit = dot ? 4 : 8;
        int colUnit = dot ? 4 : 32;
        // rows unless their largest block is over a quarter larger than the columns' (see above)
        long byRows = (long) largestBlock(m, threads, rowUnit) * n;
        long byCols = (long) largestBlock(n, threads, colUnit) * m;
        boolean rows = byRows * 4 <= byCols * 5;
        int unitSize = rows ? rowUnit : colUnit;
        int extent = rows ? m : n;
        int parts = Math.min(threads, (extent + unitSize - 1) / unitSize);
        if (parts < 2) {
            base.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, epilogue);
            return;
        }
        synchronized (this) {
            this.transA = transA;
            this.transB = transB;
            this.m = m;
            this.n = n;
            this.k = k;
            this.alpha = alpha;
            this.beta = beta;
            this.a = a;
            this.aOff = aOff;
            this.lda = lda;
            this.b = b;
            this.bOff = bOff;
            this.ldb = ldb;
            this.c = c;
            this.cOff = cOff;
            this.ldc = ldc;
            this.splitRows = rows;
            this.epilogue = rows ? epilogue : null;
            this.unit = unitSize;
            this.usePrivate = !rows && (long) m * n <= PRIVATE_LIMIT;
            if (usePrivate && privateC.length < parts) privateC = java.util.Arrays.copyOf(privateC, parts);
            this.stealing = !usePrivate && parts == 2 && stealingAllowed && (long) m * n * k >= STEAL_MIN_WORK && cutTwoEnded(extent);
            if (stealing) ends.set(lastBound - 1); // low end at the first block, high end at the last
            pool.run(this, parts);
            if (usePrivate) {
                for (int p = 1; p < parts; p++) {
                    int from = blockStart(n, p, parts);
                    int width = blockStart(n, p + 1, parts) - from;
                    for (int i = 0; i < m; i++) System.arraycopy(privateC[p], i * width, c, cOff + i * ldc + from, width);
                }
            }
            this.a = this.b = this.c = null;
            this.epilogue = null;
            if (!rows && epilogue != null) epilogue.rows(0, m);
        }
    }

    /** The size of the largest of `parts` blocks of whole units covering extent. */
    private static int largestBlock(int extent, int parts, int unit) {
        int units = (extent + unit - 1) / unit;
        int per = (units + parts - 1) / parts;
        return Math.min(extent, per * unit);
    }

    /** C blocks of up to this many floats are copied through private buffers when split by columns. */
    static final long PRIVATE_LIMIT = 1 << 16;

    /** Start of block p of `parts` over extent, in whole units; the first blocks are one unit larger when they do not divide evenly. */
    private int blockStart(int extent, int p, int parts) {
        int units = (extent + unit - 1) / unit;
        int base0 = units / parts;
        int extra = units % parts;
        return Math.min(extent, (p * base0 + Math.min(p, extra)) * unit);
    }

    /** Products of fewer multiply-adds than this keep two plain halves (a block's call costs a few µs). */
    static final long STEAL_MIN_WORK = 1L << 24;
    private volatile boolean stealingAllowed = true;

    /** For tests and measurements: whether two threads may take blocks from each other's halves. */
    void setStealing(boolean allowed) { stealingAllowed = allowed; }

    /**
     * Row splits with halves of this many rows or more keep two eighths per half: an eighth of such a half
     * (64 rows and more) is still under the 256 rows from which {@code Gemm512} packs B, and four of them
     * would run half of each half unpacked instead of a quarter (1024³ runs about 10% faster packed).
     * mlp800's products (halves of 64 to 400 rows) are no slower unpacked, and take four.
     */
    static final int PACKED_HALF_ROWS = 512;

    /**
     * Cuts the two halves of {@code extent} into blocks, in units: each half a half and four eighths, the
     * eighths next to the middle (a row split with halves of {@link #PACKED_HALF_ROWS} rows or more: three
     * quarters and two eighths). In a model of the two threads' claims, a core at a third of its speed
     * makes a product take 1.5 times its usual time with four eighths against 2.25 with two, for four more
     * calls per product. False when a half has fewer than 8 units.
     */
    private boolean cutTwoEnded(int extent) {
        int units = (extent + unit - 1) / unit;
        int h0 = units - units / 2; // as blockStart: the first half takes the odd unit
        int h1 = units / 2;
        if (h1 < 8) return false;
        int eighths = splitRows && h1 * unit >= PACKED_HALF_ROWS ? 2 : MAX_EIGHTHS;
        int q0 = h0 / 8, q1 = h1 / 8;
        int[] t = twoEnded;
        t[0] = 0;
        for (int i = 1; i <= eighths; i++) t[i] = h0 - (eighths - i + 1) * q0;
        t[eighths + 1] = h0;
        for (int i = 1; i <= eighths; i++) t[eighths + 1 + i] = h0 + i * q1;
        lastBound = 2 * eighths + 2;
        t[lastBound] = units;
        for (int i = 0; i <= lastBound; i++) t[i] = Math.min(extent, t[i] * unit);
        return true;
    }

    @Override
    public void run(int part, int parts) {
        if (stealing) {
            while (true) {
                long e = ends.get();
                int lo = (int) (e >>> 32), hi = (int) e;
                if (lo > hi) return;
                int q = part == 0 ? lo : hi;
                long next = part == 0 ? ((long) (lo + 1) << 32) | (hi & 0xFFFFFFFFL) : ((long) lo << 32) | ((hi - 1) & 0xFFFFFFFFL);
                if (ends.compareAndSet(e, next)) span(twoEnded[q], twoEnded[q + 1], part);
            }
        }
        int extent = splitRows ? m : n;
        span(blockStart(extent, part, parts), blockStart(extent, part + 1, parts), part);
    }

    /** Rows or columns [from, to) of C, computed by the thread running `part`. */
    private void span(int from, int to, int part) {
        if (from >= to) return;
        if (usePrivate && part > 0) {
            int width = to - from;
            float[] own = privateC[part];
            if (own == null || own.length < m * width) own = privateC[part] = new float[Math.max(m * width, 1024)];
            if (beta != 0f) for (int i = 0; i < m; i++) System.arraycopy(c, cOff + i * ldc + from, own, i * width, width);
            int bShift = transB ? from * ldb : from;
            base.gemm(transA, transB, m, width, k, alpha, a, aOff, lda, b, bOff + bShift, ldb, beta, own, 0, width);
            return;
        }
        if (splitRows) {
            // rows i of C are rows of op(A): offset A by i rows (or i columns when A is transposed)
            int aShift = transA ? from : from * lda;
            base.gemm(transA, transB, to - from, n, k, alpha, a, aOff + aShift, lda, b, bOff, ldb, beta, c, cOff + from * ldc, ldc);
            if (epilogue != null) epilogue.rows(from, to);
        } else {
            // columns j of C are columns of op(B): offset B by j columns (or j rows when B is transposed)
            int bShift = transB ? from * ldb : from;
            base.gemm(transA, transB, m, to - from, k, alpha, a, aOff, lda, b, bOff + bShift, ldb, beta, c, cOff + from, ldc);
        }
    }
}
