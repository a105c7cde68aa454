package org.backprop4j.tensor.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;
import org.backprop4j.tensor.BetaUpdate;
import org.backprop4j.tensor.Gemm;
import org.backprop4j.tensor.LineAlignment;
import org.backprop4j.tensor.Matrix;
import org.backprop4j.tensor.PlainGemm;

/**
 * GEMM on 512-bit vectors (16 floats), for CPUs with AVX-512.
 *
 * <p>Two register-blocked paths:
 * <ul>
 * <li><b>broadcast</b> (C = A·B and C = Aᵀ·B): an 8×32 tile of C lives in 16 accumulators; each step p
 *     loads two vectors of row p of B and broadcasts 8 values of column p of A, whose strides cover both
 *     layouts of A. Products of many rows first copy blocks of B into contiguous panels. Rows past m
 *     are clamped to the last row (computed, stored again harmlessly); the last columns, narrower than
 *     a tile, are computed through small padded buffers.</li>
 * <li><b>dot</b> (C = A·Bᵀ, the forward pass Z = A·Wᵀ): rows of A and of B are both contiguous along k,
 *     so a 4×4 tile of C is 16 vector dot products, reduced across lanes once at the end; the rows
 *     left over go in pairs, then alone, with their lane sums in index order. Dot products
 *     shorter than two vectors (k &lt; 32) would be mostly lane sums and k-tails: for them B is copied
 *     transposed, a few KB, and the product goes through the broadcast path instead.</li>
 * </ul>
 * Aᵀ·Bᵀ is on no training path and goes to {@link PlainGemm}.
 *
 * <p>Rules that keep C2 generating vector code here (each was measured, see docs/PERFORMANCE.md):
 * the species is a constant of the class (chosen at run time it makes C2 box vectors); no helper
 * method takes or returns a vector (inside these large kernels C2 may refuse to inline it, and the
 * vectors are then boxed and run through the Java fallback); no masked access may reach past the end
 * of its array (C2 does not intrinsify it); every kernel stays small enough for C1 to compile (if C1
 * gives up on a method first compiled at tier 2, HotSpot never moves it on to C2 and it runs the Java
 * fallback for good); and no sum depends on how the JIT associates a reduction (lane sums go through
 * {@link #dot4x4}'s fixed tree or in index order), so results are the same bits in every tier. α is applied once
 * per element at the end (fused with adding C); for a β other than 0 and 1 the epilogue stores
 * fma(C, β, P), P what β = 0 would store (the momentum update in ∇W's epilogue,
 * {@link Gemm#updatesWithBeta}). A is read as broadcasts straight from memory.
 */
public final class Gemm512 implements Gemm {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_512;
    private static final int L = 16;
    /** A row of a 4×4 dot tile: four floats, stored as one 128-bit vector (a second constant species). */
    private static final VectorSpecies<Float> ROW4 = FloatVector.SPECIES_128;
    private static final int MR = 8;
    private static final int NR = 2 * L;
    /**
     * Depth of one pass of the broadcast path. Each pass reloads and rewrites the C tile, and an 8×KC
     * block of A (32 KB here, the size of L1) is read from L2 as it streams by. Measured best-of timings
     * on Zen 4: KC = 1024 against 256 takes 128×800×800 from 96 to 108 GFLOP/s on one core and 1024³
     * from 82 to 90 (two threads: 191 → 218 and 175 → 187).
     */
    private static final int KC = 1024;
    /** Columns of B per packed block: a KC×NC block (512 KB) stays in L2 while all row blocks pass over it. */
    private static final int NC = 128;
    /**
     * Products with fewer rows read B in place: the copy costs a pass over B, repaid only by reuse over
     * many row blocks (measured on 2 threads: 1024³ 184–195 → 212 GFLOP/s packed; 800×784×128 unchanged).
     */
    static final int PACK_MIN_ROWS = 256;
    /**
     * Where the packed and staged copies of B start in their buffers: the first element on a cache line
     * when the JVM says where lines fall ({@link LineAlignment}), so that no load of them straddles two
     * lines, as for the operands a workspace holds (else 0).
     */
    private static final int LINE_AT = Math.max(0, LineAlignment.alignedIndex());
    /** Per-thread buffer for a packed block of B, from LINE_AT. */
    private static final ThreadLocal<float[]> PACKED = ThreadLocal.withInitial(() -> new float[LINE_AT + KC * NC]);
    /** Rows of B per block of the dot path, so that the block stays in L2 while all of A passes over it. */
    private static final int DOT_NB = 64;
    /** Per-thread buffers for edge tiles: a KC×NR block of B (from LINE_AT) and an MR×NR block of C, each padded by a vector. */
    private static final ThreadLocal<float[][]> STAGE =
            ThreadLocal.withInitial(() -> new float[][] {new float[LINE_AT + KC * NR + NR], new float[MR * NR + NR]});

    /** Created after the constants above, which its constructor checks. */
    public static final Gemm512 INSTANCE = new Gemm512();

    private Gemm512() {
        if (S.length() != L) throw new IllegalStateException("512-bit species has " + S.length() + " lanes");
    }

    @Override
    public String name() { return "vector-512"; }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                     float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                     float beta, float[] c, int cOff, int ldc) {
        Gemm.checkArguments(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
        if (Gemm.nothingToMultiply(m, n, k, alpha, beta, c, cOff, ldc)) return;
        if (transA && transB) {
            PlainGemm.INSTANCE.gemm(true, true, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        if (!transB && k > KC && Gemm.updatesWithBeta(beta)) {
            // later k-blocks add to C: the first cannot apply β to a sum it does not have yet
            BetaUpdate.throughBuffer(this, transA, false, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        if (!transB) {
            broadcastPath(m, n, k, alpha, a, aOff, transA ? 1 : lda, transA ? lda : 1, b, bOff, ldb, beta, c, cOff, ldc);
        } else if (k < SHORT_K) {
            shortDotPath(m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        } else {
            dotPath(m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        }
    }

    // ---------------------------------------------------------------- broadcast path

    /**
     * op(A)(i,p) = a[aOff + i·ars + p·acs]; B is row-major k×n. With many rows, each KC×NC block of B's
     * full-width column panels is first copied into a contiguous buffer, NR floats per row: the kernel
     * then streams B sequentially instead of one row per ldb floats (a new 4 KB page per row when ldb is
     * 1024). The copy changes no arithmetic: every element of C gets the same products in the same order,
     * so packed and unpacked calls give the same bits (GemmTest holds them to it).
     */
    private static void broadcastPath(int m, int n, int k, float alpha, float[] a, int aOff, int ars, int acs,
                                      float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        boolean pack = m >= PACK_MIN_ROWS && n >= NR;
        float[] packed = pack ? PACKED.get() : null;
        for (int pc = 0; pc < k; pc += KC) {
            int kc = Math.min(KC, k - pc);
            float tb = pc == 0 ? beta : 1f; // later passes add to what the first wrote
            for (int jc = 0; jc < n; jc += NC) {
                int nc = Math.min(NC, n - jc);
                int bBlock = bOff + pc * ldb + jc; // B(pc, jc)
                int full = pack ? nc / NR * NR : 0;
                if (full > 0) packPanels(kc, full, b, bBlock, ldb, packed);
                int narrow = nc / NR * NR; // columns from here on are fewer than NR: staged once for all row blocks
                float[] sb = narrow < nc ? stageColumns(kc, b, bBlock + narrow, ldb, nc - narrow) : null;
                for (int i = 0; i < m; i += MR) {
                    int rows = Math.min(MR, m - i);
                    int ai = aOff + i * ars + pc * acs;
                    int ci = cOff + i * ldc + jc;
                    for (int j = 0; j < nc; j += NR) {
                        int cols = Math.min(NR, nc - j);
                        if (j < full) {
                            tile8x2(kc, alpha, a, ai, ars, acs, rows, packed, LINE_AT + j * kc, NR, tb, c, ci + j, ldc);
                        } else if (cols == NR) {
                            tile8x2(kc, alpha, a, ai, ars, acs, rows, b, bBlock + j, ldb, tb, c, ci + j, ldc);
                        } else {
                            stagedC(kc, alpha, a, ai, ars, acs, rows, sb, LINE_AT, NR, cols, tb, c, ci + j, ldc);
                        }
                    }
                }
            }
        }
    }

    /** Copies a kc×full block of B (full a multiple of NR) into panels: panel q holds columns qNR..(q+1)NR, row by row. */
    private static void packPanels(int kc, int full, float[] b, int bi, int ldb, float[] packed) {
        for (int j = 0; j < full; j += NR) {
            int to = LINE_AT + j * kc;
            for (int p = 0; p < kc; p++) System.arraycopy(b, bi + p * ldb + j, packed, to + p * NR, NR);
        }
    }

    /**
     * Copies B's last `cols` (fewer than NR) columns of a kc-row block into a buffer NR floats wide, once for
     * all the row blocks that use them; the full-width kernel then never needs masks, which keeps it small
     * enough for C1. The lanes past `cols` hold whatever they held: their results are never stored.
     */
    private static float[] stageColumns(int kc, float[] b, int bj, int ldb, int cols) {
        float[] sb = STAGE.get()[0];
        for (int p = 0; p < kc; p++) System.arraycopy(b, bj + p * ldb, sb, LINE_AT + p * NR, cols);
        return sb;
    }

    /** A tile whose B is readable NR columns wide but whose C is narrower: computed in a padded buffer, then copied to C. */
    private static void stagedC(int kc, float alpha, float[] a, int ai, int ars, int acs, int rows,
                                float[] b, int bj, int ldb, int cols, float beta, float[] c, int ci, int ldc) {
        float[] sc = STAGE.get()[1];
        if (beta != 0f) for (int r = 0; r < rows; r++) System.arraycopy(c, ci + r * ldc, sc, r * NR, cols);
        tile8x2(kc, alpha, a, ai, ars, acs, rows, b, bj, ldb, beta, sc, 0, NR);
        for (int r = 0; r < rows; r++) System.arraycopy(sc, r * NR, c, ci + r * ldc, cols);
    }

    /**
     * C(i..i+8, j..j+NR) ← α·Σ_p op(A)(i,p)·B(p,j) [+ C] for a full-width tile, the sum accumulated from zero and
     * applied to C with one fused multiply-add per element. Rows past the last are clamped to it for loads
     * and stores alike: they compute exactly the last row's values, so storing them again is harmless and
     * the kernel needs no branches. A is read as plain broadcasts from memory (α is applied at the end), the
     * cheapest way to feed the FMA units.
     */
    private static void tile8x2(int kc, float alpha, float[] a, int ai, int ars, int acs, int rows,
                                float[] b, int bj, int ldb, float beta, float[] c, int ci, int ldc) {
        int last = rows - 1;
        int a0 = ai, r0 = ci;
        int a1 = ai + Math.min(1, last) * ars, r1 = ci + Math.min(1, last) * ldc;
        int a2 = ai + Math.min(2, last) * ars, r2 = ci + Math.min(2, last) * ldc;
        int a3 = ai + Math.min(3, last) * ars, r3 = ci + Math.min(3, last) * ldc;
        int a4 = ai + Math.min(4, last) * ars, r4 = ci + Math.min(4, last) * ldc;
        int a5 = ai + Math.min(5, last) * ars, r5 = ci + Math.min(5, last) * ldc;
        int a6 = ai + Math.min(6, last) * ars, r6 = ci + Math.min(6, last) * ldc;
        int a7 = ai + Math.min(7, last) * ars, r7 = ci + Math.min(7, last) * ldc;
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        FloatVector c60 = FloatVector.zero(S), c61 = FloatVector.zero(S);
        FloatVector c70 = FloatVector.zero(S), c71 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int bp = bj + p * ldb;
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
            int ap = p * acs;
            FloatVector x;
            x = FloatVector.broadcast(S, a[a0 + ap]); c00 = x.fma(b0, c00); c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, a[a1 + ap]); c10 = x.fma(b0, c10); c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, a[a2 + ap]); c20 = x.fma(b0, c20); c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, a[a3 + ap]); c30 = x.fma(b0, c30); c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, a[a4 + ap]); c40 = x.fma(b0, c40); c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, a[a5 + ap]); c50 = x.fma(b0, c50); c51 = x.fma(b1, c51);
            x = FloatVector.broadcast(S, a[a6 + ap]); c60 = x.fma(b0, c60); c61 = x.fma(b1, c61);
            x = FloatVector.broadcast(S, a[a7 + ap]); c70 = x.fma(b0, c70); c71 = x.fma(b1, c71);
        }
        FloatVector av = FloatVector.broadcast(S, alpha), zero = FloatVector.zero(S), bv = FloatVector.broadcast(S, beta);
        boolean acc = beta == 1f;
        boolean update = Gemm.updatesWithBeta(beta); // C ← fma(C, β, P), P what β = 0 stores
        // every load of C before any store: a clamped duplicate row must read the old values too
        c00 = update ? FloatVector.fromArray(S, c, r0).fma(bv, c00.fma(av, zero)) : c00.fma(av, acc ? FloatVector.fromArray(S, c, r0) : zero);
        c01 = update ? FloatVector.fromArray(S, c, r0 + L).fma(bv, c01.fma(av, zero)) : c01.fma(av, acc ? FloatVector.fromArray(S, c, r0 + L) : zero);
        c10 = update ? FloatVector.fromArray(S, c, r1).fma(bv, c10.fma(av, zero)) : c10.fma(av, acc ? FloatVector.fromArray(S, c, r1) : zero);
        c11 = update ? FloatVector.fromArray(S, c, r1 + L).fma(bv, c11.fma(av, zero)) : c11.fma(av, acc ? FloatVector.fromArray(S, c, r1 + L) : zero);
        c20 = update ? FloatVector.fromArray(S, c, r2).fma(bv, c20.fma(av, zero)) : c20.fma(av, acc ? FloatVector.fromArray(S, c, r2) : zero);
        c21 = update ? FloatVector.fromArray(S, c, r2 + L).fma(bv, c21.fma(av, zero)) : c21.fma(av, acc ? FloatVector.fromArray(S, c, r2 + L) : zero);
        c30 = update ? FloatVector.fromArray(S, c, r3).fma(bv, c30.fma(av, zero)) : c30.fma(av, acc ? FloatVector.fromArray(S, c, r3) : zero);
        c31 = update ? FloatVector.fromArray(S, c, r3 + L).fma(bv, c31.fma(av, zero)) : c31.fma(av, acc ? FloatVector.fromArray(S, c, r3 + L) : zero);
        c40 = update ? FloatVector.fromArray(S, c, r4).fma(bv, c40.fma(av, zero)) : c40.fma(av, acc ? FloatVector.fromArray(S, c, r4) : zero);
        c41 = update ? FloatVector.fromArray(S, c, r4 + L).fma(bv, c41.fma(av, zero)) : c41.fma(av, acc ? FloatVector.fromArray(S, c, r4 + L) : zero);
        c50 = update ? FloatVector.fromArray(S, c, r5).fma(bv, c50.fma(av, zero)) : c50.fma(av, acc ? FloatVector.fromArray(S, c, r5) : zero);
        c51 = update ? FloatVector.fromArray(S, c, r5 + L).fma(bv, c51.fma(av, zero)) : c51.fma(av, acc ? FloatVector.fromArray(S, c, r5 + L) : zero);
        c60 = update ? FloatVector.fromArray(S, c, r6).fma(bv, c60.fma(av, zero)) : c60.fma(av, acc ? FloatVector.fromArray(S, c, r6) : zero);
        c61 = update ? FloatVector.fromArray(S, c, r6 + L).fma(bv, c61.fma(av, zero)) : c61.fma(av, acc ? FloatVector.fromArray(S, c, r6 + L) : zero);
        c70 = update ? FloatVector.fromArray(S, c, r7).fma(bv, c70.fma(av, zero)) : c70.fma(av, acc ? FloatVector.fromArray(S, c, r7) : zero);
        c71 = update ? FloatVector.fromArray(S, c, r7 + L).fma(bv, c71.fma(av, zero)) : c71.fma(av, acc ? FloatVector.fromArray(S, c, r7 + L) : zero);
        c00.intoArray(c, r0);
        c01.intoArray(c, r0 + L);
        c10.intoArray(c, r1);
        c11.intoArray(c, r1 + L);
        c20.intoArray(c, r2);
        c21.intoArray(c, r2 + L);
        c30.intoArray(c, r3);
        c31.intoArray(c, r3 + L);
        c40.intoArray(c, r4);
        c41.intoArray(c, r4 + L);
        c50.intoArray(c, r5);
        c51.intoArray(c, r5 + L);
        c60.intoArray(c, r6);
        c61.intoArray(c, r6 + L);
        c70.intoArray(c, r7);
        c71.intoArray(c, r7 + L);
    }

    // ---------------------------------------------------------------- short dot products

    /**
     * A·Bᵀ with k below this goes through {@link #shortDotPath}: the dot path would do at most one full
     * vector per element (JMH, nielsen's output layer 10×10×30: 1.56 µs by the dot path, 0.64 by the short path).
     */
    static final int SHORT_K = 2 * L;
    /** Rows of B transposed at a time by the short path. */
    private static final int SHORT_NB = 256;
    private static final ThreadLocal<float[]> TRANSPOSED = ThreadLocal.withInitial(() -> new float[SHORT_K * ((SHORT_NB + NR - 1) / NR * NR)]);

    /**
     * C = α·A·Bᵀ [+ C] for k < 2L. Dot products this short spend more time in their lane sums and k-tails
     * than in FMAs (nielsen's output layer, 10×10×30, is 3,000 multiply-adds). Instead, blocks of B's rows
     * are copied transposed (k×nb, at most 32 KB) and multiplied by the broadcast path: one FMA chain in
     * increasing p per element, no reductions. The copy is O(n·k) against the product's O(m·n·k).
     */
    private static void shortDotPath(int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                                     float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        float[] bt = TRANSPOSED.get();
        for (int jb = 0; jb < n; jb += SHORT_NB) {
            int nb = Math.min(SHORT_NB, n - jb);
            int w = (nb + NR - 1) / NR * NR; // whole tiles wide, so that no tile copies B again
            Matrix.transpose(b, bOff + jb * ldb, ldb, nb, k, bt, 0, w);
            for (int i = 0; i < m; i += MR) {
                int rows = Math.min(MR, m - i);
                int ai = aOff + i * lda;
                int ci = cOff + i * ldc + jb;
                for (int j = 0; j < nb; j += NR) {
                    int cols = Math.min(NR, nb - j);
                    if (cols == NR) tile8x2(k, alpha, a, ai, lda, 1, rows, bt, j, w, beta, c, ci + j, ldc);
                    else stagedC(k, alpha, a, ai, lda, 1, rows, bt, j, w, cols, beta, c, ci + j, ldc);
                }
            }
        }
    }

    // ---------------------------------------------------------------- dot path

    /**
     * Per-thread scratch of the dot path: up to 8 accumulators (the narrow tiles), 16 sums at 256, and a
     * tail vector.
     * Sums are formed in a fixed order with exact lane operations, never with reduceLanes(ADD), whose
     * association differs between C2 and the Java fallback: a result must not depend on JIT timing.
     */
    private static final ThreadLocal<float[]> DOT_SCRATCH = ThreadLocal.withInitial(() -> new float[256 + 2 * L]);
    private static final VectorShuffle<Float> SWAP8 = VectorShuffle.fromOp(S, i -> i ^ 8);
    private static final VectorShuffle<Float> SWAP4 = VectorShuffle.fromOp(S, i -> i ^ 4);
    private static final VectorShuffle<Float> SWAP2 = VectorShuffle.fromOp(S, i -> i ^ 2);
    private static final VectorShuffle<Float> SWAP1 = VectorShuffle.fromOp(S, i -> i ^ 1);
    private static final VectorMask<Float> BIT8 = VectorMask.fromLong(S, 0xFF00L);
    private static final VectorMask<Float> BIT4 = VectorMask.fromLong(S, 0xF0F0L);
    private static final VectorMask<Float> BIT2 = VectorMask.fromLong(S, 0xCCCCL);
    private static final VectorMask<Float> BIT1 = VectorMask.fromLong(S, 0xAAAAL);

    private static void dotPath(int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                                float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        float[] t = DOT_SCRATCH.get();
        for (int jb = 0; jb < n; jb += DOT_NB) {
            int jEnd = Math.min(n, jb + DOT_NB);
            int i = 0;
            for (; i + 4 <= m; i += 4) {
                int ai = aOff + i * lda;
                int ci = cOff + i * ldc;
                int j = jb;
                for (; j + 4 <= jEnd; j += 4) dot4x4(k, alpha, a, ai, lda, b, bOff + j * ldb, ldb, beta, c, ci + j, ldc, t);
                for (; j < jEnd; j++) dot4x1(k, alpha, a, ai, lda, b, bOff + j * ldb, beta, c, ci + j, ldc, t);
            }
            for (; i + 2 <= m; i += 2) {
                int ai = aOff + i * lda;
                int ci = cOff + i * ldc;
                int j = jb;
                for (; j + 4 <= jEnd; j += 4) dot2x4(k, alpha, a, ai, lda, b, bOff + j * ldb, ldb, beta, c, ci + j, ldc, t);
                for (; j < jEnd; j++) {
                    int bj = bOff + j * ldb;
                    put(c, ci + j, alpha * dot(k, a, ai, b, bj, t), beta);
                    put(c, ci + ldc + j, alpha * dot(k, a, ai + lda, b, bj, t), beta);
                }
            }
            for (; i < m; i++) {
                int ai = aOff + i * lda;
                int ci = cOff + i * ldc;
                int j = jb;
                for (; j + 4 <= jEnd; j += 4) dot1x4(k, alpha, a, ai, b, bOff + j * ldb, ldb, beta, c, ci + j, t);
                for (; j < jEnd; j++) put(c, ci + j, alpha * dot(k, a, ai, b, bOff + j * ldb, t), beta);
            }
        }
    }

    /** C(i,j) ← v (β = 0), C(i,j) + v (β = 1), or fma(C(i,j), β, v). */
    private static void put(float[] c, int at, float v, float beta) {
        c[at] = beta == 0f ? v : beta == 1f ? c[at] + v : Math.fma(c[at], beta, v);
    }

    /** The 16 lanes stored at t[off, off + 16) summed in index order. */
    private static float sum16(float[] t, int off) {
        float s = 0f;
        for (int q = 0; q < L; q++) s += t[off + q];
        return s;
    }

    /**
     * Σ a[ai + q]·b[bi + q] for q in [from, k), the part of a dot product after the last whole vector, in
     * index order: one masked vector of products when it stays inside both arrays, else scalar; both give
     * the same bits. Outside the tile kernels because masked loads in their loops make C1 give up on them.
     */
    private static float tailDot(int from, int k, float[] a, int ai, float[] b, int bi, float[] t) {
        if (from == k) return 0f;
        if (ai + from + L <= a.length && bi + from + L <= b.length) {
            VectorMask<Float> in = S.indexInRange(from, k);
            FloatVector.fromArray(S, a, ai + from, in).mul(FloatVector.fromArray(S, b, bi + from, in)).intoArray(t, 256 + L);
            float s = 0f;
            for (int q = 0; q < k - from; q++) s += t[256 + L + q];
            return s;
        }
        float s = 0f;
        for (int q = from; q < k; q++) s += a[ai + q] * b[bi + q];
        return s;
    }

    private static void dot4x4(int k, float alpha, float[] a, int a0, int lda, float[] b, int b0, int ldb,
                               float beta, float[] c, int ci, int ldc, float[] t) {
        int a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda;
        int b1 = b0 + ldb, b2 = b1 + ldb, b3 = b2 + ldb;
        int kv = S.loopBound(k);
        FloatVector s00 = FloatVector.zero(S), s01 = FloatVector.zero(S), s02 = FloatVector.zero(S), s03 = FloatVector.zero(S);
        FloatVector s10 = FloatVector.zero(S), s11 = FloatVector.zero(S), s12 = FloatVector.zero(S), s13 = FloatVector.zero(S);
        FloatVector s20 = FloatVector.zero(S), s21 = FloatVector.zero(S), s22 = FloatVector.zero(S), s23 = FloatVector.zero(S);
        FloatVector s30 = FloatVector.zero(S), s31 = FloatVector.zero(S), s32 = FloatVector.zero(S), s33 = FloatVector.zero(S);
        for (int p = 0; p < kv; p += L) {
            FloatVector x0 = FloatVector.fromArray(S, a, a0 + p), x1 = FloatVector.fromArray(S, a, a1 + p);
            FloatVector x2 = FloatVector.fromArray(S, a, a2 + p), x3 = FloatVector.fromArray(S, a, a3 + p);
            FloatVector y = FloatVector.fromArray(S, b, b0 + p);
            s00 = x0.fma(y, s00); s10 = x1.fma(y, s10); s20 = x2.fma(y, s20); s30 = x3.fma(y, s30);
            y = FloatVector.fromArray(S, b, b1 + p);
            s01 = x0.fma(y, s01); s11 = x1.fma(y, s11); s21 = x2.fma(y, s21); s31 = x3.fma(y, s31);
            y = FloatVector.fromArray(S, b, b2 + p);
            s02 = x0.fma(y, s02); s12 = x1.fma(y, s12); s22 = x2.fma(y, s22); s32 = x3.fma(y, s32);
            y = FloatVector.fromArray(S, b, b3 + p);
            s03 = x0.fma(y, s03); s13 = x1.fma(y, s13); s23 = x2.fma(y, s23); s33 = x3.fma(y, s33);
        }
        // The 16 lane sums in registers: each level adds lanes 8, 4, 2, 1 apart and interleaves two
        // accumulators into one vector (30 exact additions in a fixed tree, the same for every accumulator).
        // Accumulator srq enters at position REV4(4r + q) (REV4 reverses 4 bits: 0, 8, 4, 12, 2, 10, …),
        // so that its sum leaves in lane 4r + q: a tile row is then four adjacent lanes. In registers
        // rather than through t: 61 fewer loads and stores per tile, 10% of 128×800×800's time.
        FloatVector u0 = s00.add(s00.rearrange(SWAP8)).blend(s20.add(s20.rearrange(SWAP8)), BIT8);
        FloatVector u1 = s10.add(s10.rearrange(SWAP8)).blend(s30.add(s30.rearrange(SWAP8)), BIT8);
        FloatVector u2 = s02.add(s02.rearrange(SWAP8)).blend(s22.add(s22.rearrange(SWAP8)), BIT8);
        FloatVector u3 = s12.add(s12.rearrange(SWAP8)).blend(s32.add(s32.rearrange(SWAP8)), BIT8);
        FloatVector u4 = s01.add(s01.rearrange(SWAP8)).blend(s21.add(s21.rearrange(SWAP8)), BIT8);
        FloatVector u5 = s11.add(s11.rearrange(SWAP8)).blend(s31.add(s31.rearrange(SWAP8)), BIT8);
        FloatVector u6 = s03.add(s03.rearrange(SWAP8)).blend(s23.add(s23.rearrange(SWAP8)), BIT8);
        FloatVector u7 = s13.add(s13.rearrange(SWAP8)).blend(s33.add(s33.rearrange(SWAP8)), BIT8);
        FloatVector v0 = u0.add(u0.rearrange(SWAP4)).blend(u1.add(u1.rearrange(SWAP4)), BIT4);
        FloatVector v1 = u2.add(u2.rearrange(SWAP4)).blend(u3.add(u3.rearrange(SWAP4)), BIT4);
        FloatVector v2 = u4.add(u4.rearrange(SWAP4)).blend(u5.add(u5.rearrange(SWAP4)), BIT4);
        FloatVector v3 = u6.add(u6.rearrange(SWAP4)).blend(u7.add(u7.rearrange(SWAP4)), BIT4);
        FloatVector w0 = v0.add(v0.rearrange(SWAP2)).blend(v1.add(v1.rearrange(SWAP2)), BIT2);
        FloatVector w1 = v2.add(v2.rearrange(SWAP2)).blend(v3.add(v3.rearrange(SWAP2)), BIT2);
        w0.add(w0.rearrange(SWAP1)).blend(w1.add(w1.rearrange(SWAP1)), BIT1).intoArray(t, 256);
        finish4x4(k, kv, alpha, a, a0, lda, b, b0, ldb, beta, c, ci, ldc, t);
    }

    /**
     * Stores a 4×4 dot tile: the lane sums at t[256 + 4r + q], plus the k-tails, times α. Without tails a
     * row goes as one 4-float vector (the same operations as {@link #put}, lane by lane: 3% of the tile).
     * It adds no 0 for the missing tails: the accumulators start at +0, so no lane sum is −0 and + 0 would
     * change no bit.
     */
    private static void finish4x4(int k, int kv, float alpha, float[] a, int a0, int lda, float[] b, int b0, int ldb,
                                  float beta, float[] c, int ci, int ldc, float[] t) {
        if (kv == k) { // no tails: skip the 16 tailDot calls
            for (int r = 0; r < 4; r++) {
                FloatVector v = FloatVector.fromArray(ROW4, t, 256 + 4 * r).mul(alpha);
                int at = ci + r * ldc;
                if (beta == 0f) v.intoArray(c, at);
                else if (beta == 1f) FloatVector.fromArray(ROW4, c, at).add(v).intoArray(c, at);
                else FloatVector.fromArray(ROW4, c, at).fma(FloatVector.broadcast(ROW4, beta), v).intoArray(c, at);
            }
            return;
        }
        for (int r = 0; r < 4; r++) {
            for (int q = 0; q < 4; q++) {
                float v = t[256 + 4 * r + q] + tailDot(kv, k, a, a0 + r * lda, b, b0 + q * ldb, t);
                put(c, ci + r * ldc + q, alpha * v, beta);
            }
        }
    }

    /** Four rows of A against one row of B. */
    private static void dot4x1(int k, float alpha, float[] a, int a0, int lda, float[] b, int b0,
                               float beta, float[] c, int ci, int ldc, float[] t) {
        int a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda;
        int kv = S.loopBound(k);
        FloatVector s0 = FloatVector.zero(S), s1 = FloatVector.zero(S), s2 = FloatVector.zero(S), s3 = FloatVector.zero(S);
        for (int p = 0; p < kv; p += L) {
            FloatVector y = FloatVector.fromArray(S, b, b0 + p);
            s0 = FloatVector.fromArray(S, a, a0 + p).fma(y, s0);
            s1 = FloatVector.fromArray(S, a, a1 + p).fma(y, s1);
            s2 = FloatVector.fromArray(S, a, a2 + p).fma(y, s2);
            s3 = FloatVector.fromArray(S, a, a3 + p).fma(y, s3);
        }
        s0.intoArray(t, 0); s1.intoArray(t, 16); s2.intoArray(t, 32); s3.intoArray(t, 48);
        for (int r = 0; r < 4; r++) {
            put(c, ci + r * ldc, alpha * (sum16(t, 16 * r) + (kv < k ? tailDot(kv, k, a, a0 + r * lda, b, b0, t) : 0f)), beta);
        }
    }

    /**
     * Two rows of A against four rows of B: the rows a batch leaves over from the 4×4 tiles (rows 8 and 9
     * of nielsen's batch of 10). Each row's sums are those of {@link #dot1x4} (lane sums in index order),
     * so the rows get the same bits as one at a time, in half the loads of B: one at a time they took
     * 1.43 µs of 10×16×784's 3.6 (JMH), more than a third 4×4 tile would.
     */
    private static void dot2x4(int k, float alpha, float[] a, int a0, int lda, float[] b, int b0, int ldb,
                               float beta, float[] c, int ci, int ldc, float[] t) {
        int a1 = a0 + lda;
        int b1 = b0 + ldb, b2 = b1 + ldb, b3 = b2 + ldb;
        int kv = S.loopBound(k);
        FloatVector s00 = FloatVector.zero(S), s01 = FloatVector.zero(S), s02 = FloatVector.zero(S), s03 = FloatVector.zero(S);
        FloatVector s10 = FloatVector.zero(S), s11 = FloatVector.zero(S), s12 = FloatVector.zero(S), s13 = FloatVector.zero(S);
        for (int p = 0; p < kv; p += L) {
            FloatVector x0 = FloatVector.fromArray(S, a, a0 + p), x1 = FloatVector.fromArray(S, a, a1 + p);
            FloatVector y = FloatVector.fromArray(S, b, b0 + p);
            s00 = x0.fma(y, s00); s10 = x1.fma(y, s10);
            y = FloatVector.fromArray(S, b, b1 + p);
            s01 = x0.fma(y, s01); s11 = x1.fma(y, s11);
            y = FloatVector.fromArray(S, b, b2 + p);
            s02 = x0.fma(y, s02); s12 = x1.fma(y, s12);
            y = FloatVector.fromArray(S, b, b3 + p);
            s03 = x0.fma(y, s03); s13 = x1.fma(y, s13);
        }
        s00.intoArray(t, 0); s01.intoArray(t, 16); s02.intoArray(t, 32); s03.intoArray(t, 48);
        s10.intoArray(t, 64); s11.intoArray(t, 80); s12.intoArray(t, 96); s13.intoArray(t, 112);
        sum8x16(t);
        boolean tail = kv < k;
        for (int r = 0; r < 2; r++) {
            for (int q = 0; q < 4; q++) {
                float v = t[256 + 4 * r + q] + (tail ? tailDot(kv, k, a, a0 + r * lda, b, b0 + q * ldb, t) : 0f);
                put(c, ci + r * ldc + q, alpha * v, beta);
            }
        }
    }

    /**
     * The lane sums of the 8 vectors at t[0, 128), each in index order exactly as {@link #sum16}, into
     * t[256, 264): eight independent chains, interleaved so that their additions overlap.
     */
    private static void sum8x16(float[] t) {
        float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f, s4 = 0f, s5 = 0f, s6 = 0f, s7 = 0f;
        for (int q = 0; q < L; q++) {
            s0 += t[q]; s1 += t[16 + q]; s2 += t[32 + q]; s3 += t[48 + q];
            s4 += t[64 + q]; s5 += t[80 + q]; s6 += t[96 + q]; s7 += t[112 + q];
        }
        t[256] = s0; t[257] = s1; t[258] = s2; t[259] = s3;
        t[260] = s4; t[261] = s5; t[262] = s6; t[263] = s7;
    }

    /** One row of A against four rows of B (the single-example forward pass). */
    private static void dot1x4(int k, float alpha, float[] a, int a0, float[] b, int b0, int ldb, float beta,
                               float[] c, int ci, float[] t) {
        int b1 = b0 + ldb, b2 = b1 + ldb, b3 = b2 + ldb;
        int kv = S.loopBound(k);
        FloatVector s0 = FloatVector.zero(S), s1 = FloatVector.zero(S), s2 = FloatVector.zero(S), s3 = FloatVector.zero(S);
        for (int p = 0; p < kv; p += L) {
            FloatVector x = FloatVector.fromArray(S, a, a0 + p);
            s0 = x.fma(FloatVector.fromArray(S, b, b0 + p), s0);
            s1 = x.fma(FloatVector.fromArray(S, b, b1 + p), s1);
            s2 = x.fma(FloatVector.fromArray(S, b, b2 + p), s2);
            s3 = x.fma(FloatVector.fromArray(S, b, b3 + p), s3);
        }
        s0.intoArray(t, 0); s1.intoArray(t, 16); s2.intoArray(t, 32); s3.intoArray(t, 48);
        for (int q = 0; q < 4; q++) {
            put(c, ci + q, alpha * (sum16(t, 16 * q) + (kv < k ? tailDot(kv, k, a, a0, b, b0 + q * ldb, t) : 0f)), beta);
        }
    }

    private static float dot(int k, float[] a, int a0, float[] b, int b0, float[] t) {
        int kv = S.loopBound(k);
        FloatVector s = FloatVector.zero(S);
        for (int p = 0; p < kv; p += L) s = FloatVector.fromArray(S, a, a0 + p).fma(FloatVector.fromArray(S, b, b0 + p), s);
        s.intoArray(t, 0);
        return sum16(t, 0) + tailDot(kv, k, a, a0, b, b0, t);
    }
}
