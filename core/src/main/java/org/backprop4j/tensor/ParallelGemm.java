package org.backprop4j.tensor;

/**
 * Runs a GEMM on all kernel threads by splitting C into blocks of rows or of columns, one per thread.
 *
 * <p>Split points are multiples of every kernel's tile (8 rows and 32 columns on the broadcast path,
 * 4 on the dot path), so each element of C is computed by exactly the code and in exactly the order a
 * single thread would use: the result is the same bits for any number of threads. Splitting C, rather
 * than the mini-batch, needs no reduction of partial gradients. Products too small to repay the
 * hand-off (under ~65k multiply-adds) run on the calling thread.
 */
public final class ParallelGemm implements Gemm, Parallel.Task {
    static final long MIN_WORK = 1L << 16;

    private final Gemm base;
    // the arguments of the call in progress (one parallel GEMM runs at a time; see Parallel)
    private boolean transA, transB, splitRows;
    private int m, n, k, lda, ldb, ldc, aOff, bOff, cOff, unit;
    private float alpha, beta;
    private float[] a, b, c;

    public ParallelGemm(Gemm base) { this.base = base; }

    @Override
    public String name() { return base.name(); }

    public Gemm base() { return base; }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                     float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                     float beta, float[] c, int cOff, int ldc) {
        int threads = Parallel.threads();
        if (threads < 2 || (long) m * n * k < MIN_WORK) {
            base.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        Gemm.checkArguments(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
        boolean dot = transB && !transA;
        int rowUnit = dot ? 4 : 8;
        int colUnit = dot ? 4 : 32;
        // the split whose largest block is smallest; rows win ties (each thread then reads all of B)
        int byRows = largestBlock(m, threads, rowUnit) * n;
        int byCols = largestBlock(n, threads, colUnit) * m;
        boolean rows = byRows <= byCols;
        int unitSize = rows ? rowUnit : colUnit;
        int extent = rows ? m : n;
        int parts = Math.min(threads, (extent + unitSize - 1) / unitSize);
        if (parts < 2) {
            base.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
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
            this.unit = unitSize;
            Parallel.run(this, parts);
            this.a = this.b = this.c = null;
        }
    }

    /** The size of the largest of `parts` blocks of whole units covering extent. */
    private static int largestBlock(int extent, int parts, int unit) {
        int units = (extent + unit - 1) / unit;
        int per = (units + parts - 1) / parts;
        return Math.min(extent, per * unit);
    }

    /** Part p: its block of whole units, the first blocks one unit larger when they do not divide evenly. */
    @Override
    public void run(int part, int parts) {
        int extent = splitRows ? m : n;
        int units = (extent + unit - 1) / unit;
        int base0 = units / parts;
        int extra = units % parts;
        int from = (part * base0 + Math.min(part, extra)) * unit;
        int to = Math.min(extent, from + (base0 + (part < extra ? 1 : 0)) * unit);
        if (from >= to) return;
        if (splitRows) {
            // rows i of C are rows of op(A): offset A by i rows (or i columns when A is transposed)
            int aShift = transA ? from : from * lda;
            base.gemm(transA, transB, to - from, n, k, alpha, a, aOff + aShift, lda, b, bOff, ldb, beta, c, cOff + from * ldc, ldc);
        } else {
            // columns j of C are columns of op(B): offset B by j columns (or j rows when B is transposed)
            int bShift = transB ? from * ldb : from;
            base.gemm(transA, transB, m, to - from, k, alpha, a, aOff, lda, b, bOff + bShift, ldb, beta, c, cOff + from, ldc);
        }
    }
}
