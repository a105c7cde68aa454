package org.backprop4j.tensor.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.backprop4j.tensor.Gemm;
import org.backprop4j.tensor.PlainSparseLeftGemm;

/**
 * GEMM for a sparse left operand, on 512-bit vectors: C = op(A)·B that skips the zeros of A, for the
 * first layer of a network on MNIST-like inputs (81% of MNIST's pixels are 0). Both products of that
 * layer have the input x as their left operand once W is held input-major (V = Wᵀ, n_in × n_out):
 * z = x·V and ∇V = xᵀ·δ.
 *
 * <p>A 4×64 tile of C (16 accumulators) runs over the list of p where any of its 4 rows of op(A) is
 * non-zero, built once per row block and shared by all column tiles. On MNIST batches of 128 a tile of
 * 4 examples needs 39% of the 784 pixels, and a tile of 4 adjacent pixels 28% of the examples, so the
 * two products do about a third of the dense work, at the speed of a dense register-blocked kernel.
 *
 * <p>When C has 128 columns or more, a 2×128 tile (also 16 accumulators) takes its place: a pair of
 * examples needs 29% of the pixels and a pair of pixels 22% of the examples, so a quarter fewer FMAs
 * (and a fifth fewer for ∇V), for one load of B per two FMAs instead of one per four, which L2 still
 * feeds. mlp800's two first-layer products on two threads, in one process switching every 10 steps: z
 * 464 → 337 µs, ∇V 450 → 355 µs (p50). Narrow layers (mlp100's 100 units) keep the 4-row tiles: their
 * 6 vectors of columns make pair tiles of 4 and 2 vectors, and ∇V got slower (JMH 64×100, 34 → 44 µs).
 * The tile's shape changes which zero terms are added, never the order of the others, so both give the
 * same bits.
 *
 * <p>Each element of C is one chain of FMAs over its non-zero terms in increasing p, exactly as in
 * {@link PlainSparseLeftGemm}, whose bits it gives when B is finite: a row whose own A(i,p) is 0 inside
 * a listed p adds fma(0, b, s) = s (for an infinite or NaN b it adds NaN, and a −0 sum becomes +0, where
 * the twin skips the term). Forms with B transposed are dense work and go to {@link Gemm512}. The rules of
 * {@link Gemm512} hold here too (constant species, no helper takes a vector, no masked access, small
 * enough for C1).
 */
public final class SparseLeftGemm512 implements Gemm {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_512;
    private static final int L = 16;
    private static final int MR = 4;
    private static final int NR = 4 * L;
    /** Columns per block: the k×NC block of B (400 KB at k = 784) stays in L2 while every row tile passes over it. */
    private static final int NC = 2 * NR;
    /**
     * Columns of a pair tile (2 rows × 8 vectors), used when C has at least this many; its block of B
     * (k × 128, 400 KB at k = 784) is the same NC block as the 4-row tiles'.
     */
    private static final int PAIR_NR = 8 * L;
    /** Per-thread scratch: [0] the p lists of every row tile, [1] their lengths; grown as needed. */
    private static final ThreadLocal<int[][]> LISTS = ThreadLocal.withInitial(() -> new int[][] {new int[0], new int[0]});

    /** Per-thread stage of the last columns that do not fill a vector: [0] k×L of B, [1] MR×L of C. */
    private static final ThreadLocal<float[][]> STAGE = ThreadLocal.withInitial(() -> new float[][] {new float[0], new float[MR * L]});

    public static final SparseLeftGemm512 INSTANCE = new SparseLeftGemm512();

    private SparseLeftGemm512() {
        if (S.length() != L) throw new IllegalStateException("512-bit species has " + S.length() + " lanes");
    }

    @Override
    public String name() { return "vector-512-sparse-left"; }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                     float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                     float beta, float[] c, int cOff, int ldc) {
        if (transB) {
            Gemm512.INSTANCE.gemm(transA, true, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        Gemm.checkArguments(transA, false, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
        if (Gemm.nothingToMultiply(m, n, k, alpha, beta, c, cOff, ldc)) return;
        int ars = transA ? 1 : lda;
        int acs = transA ? lda : 1;
        boolean pairs = n >= PAIR_NR;
        int mr = pairs ? 2 : MR; // rows per tile
        int nr = pairs ? PAIR_NR : NR;
        int tiles = (m + mr - 1) / mr;
        int[][] scratch = LISTS.get();
        if (scratch[0].length < tiles * k) scratch[0] = new int[tiles * k];
        if (scratch[1].length < tiles) scratch[1] = new int[tiles];
        int[] lists = scratch[0];
        int[] counts = scratch[1];
        int byColumns = ars == 1 ? m / L * L / mr : 0; // tiles listed together by listByColumns
        if (byColumns > 0) listByColumns(a, aOff, acs, mr, byColumns, k, lists, counts);
        for (int t = byColumns; t < tiles; t++) {
            int ai = aOff + t * mr * ars;
            int rows = Math.min(mr, m - t * mr); // the listings clamp to 4 rows: a pair's rows repeat
            counts[t] = acs == 1 ? listByRows(a, ai, ars, rows, k, lists, t * k) : SparseLeftParts.listNonZero(a, ai, ars, acs, rows, k, lists, t * k);
        }
        int full = n / nr * nr;
        for (int jc = 0; jc < full; jc += NC) {
            int jEnd = Math.min(full, jc + NC);
            for (int t = 0; t < tiles; t++) {
                int i = t * mr;
                int rows = Math.min(mr, m - i);
                for (int j = jc; j < jEnd; j += nr) {
                    if (pairs) {
                        tile2x8(lists, t * k, counts[t], a, aOff + i * ars, ars, acs, rows, b, bOff + j, ldb, alpha, beta, c, cOff + i * ldc + j, ldc);
                    } else {
                        tile4x4(lists, t * k, counts[t], a, aOff + i * ars, ars, acs, rows, b, bOff + j, ldb, alpha, beta, c, cOff + i * ldc + j, ldc);
                    }
                }
            }
        }
        if (full == n) return;
        // the last columns: narrower tiles, then the part of a vector left over
        int vectors = n / L * L;
        float[][] stage = STAGE.get();
        // The part of a vector left over is read in place as the window of L columns that ends at column n,
        // whenever that window starts inside B's array: its first lanes re-read columns before (this call's
        // or others', into lanes that are dropped). Only otherwise are the columns copied to a padded stage.
        int window = L - (n - vectors); // lanes of the window before column `vectors`
        boolean inPlace = bOff + n - L >= 0;
        // When C is overwritten and this call has a whole vector of columns, the window is also stored in
        // place: its first lanes rewrite columns of this call with the values they already hold (the same
        // list, the same chain). Otherwise C's columns go through a padded stage.
        boolean direct = inPlace && beta == 0f && n >= L;
        if (vectors < n && !inPlace) SparseLeftParts.stageColumns(k, b, bOff + vectors, ldb, n - vectors, L, stage);
        for (int t = 0; t < tiles; t++) {
            int i = t * mr;
            int rows = Math.min(mr, m - i);
            int j = full;
            // fewer than a main tile's vectors are left (8 for pairs, 4 otherwise): at most one tile of each width
            if (pairs && j + 4 * L <= n) {
                tile2x4(lists, t * k, counts[t], a, aOff + i * ars, ars, acs, rows, b, bOff + j, ldb, alpha, beta, c, cOff + i * ldc + j, ldc);
                j += 4 * L;
            }
            if (j + 2 * L <= n) {
                if (pairs) {
                    tile2x2(lists, t * k, counts[t], a, aOff + i * ars, ars, acs, rows, b, bOff + j, ldb, alpha, beta, c, cOff + i * ldc + j, ldc);
                } else {
                    tile4x2(lists, t * k, counts[t], a, aOff + i * ars, ars, acs, rows, b, bOff + j, ldb, alpha, beta, c, cOff + i * ldc + j, ldc);
                }
                j += 2 * L;
            }
            if (j + L <= n) {
                tileOneVector(pairs, lists, t * k, counts[t], a, aOff + i * ars, ars, acs, rows, b, bOff + j, ldb, alpha, beta, c, cOff + i * ldc + j, ldc);
                j += L;
            }
            if (j < n && direct) {
                tileOneVector(pairs, lists, t * k, counts[t], a, aOff + i * ars, ars, acs, rows, b, bOff + n - L, ldb, alpha, 0f, c, cOff + i * ldc + n - L, ldc);
            } else if (j < n) {
                float[] sc = stage[1];
                int cols = n - j;
                int lane = inPlace ? window : 0; // column j's lane in the tile
                int ci = cOff + i * ldc + j;
                if (beta != 0f) for (int r = 0; r < rows; r++) System.arraycopy(c, ci + r * ldc, sc, r * L + lane, cols);
                if (inPlace) {
                    tileOneVector(pairs, lists, t * k, counts[t], a, aOff + i * ars, ars, acs, rows, b, bOff + n - L, ldb, alpha, beta, sc, 0, L);
                } else {
                    tileOneVector(pairs, lists, t * k, counts[t], a, aOff + i * ars, ars, acs, rows, stage[0], 0, L, alpha, beta, sc, 0, L);
                }
                for (int r = 0; r < rows; r++) System.arraycopy(sc, r * L + lane, c, ci + r * ldc, cols);
            }
        }
    }

    /**
     * {@link SparseLeftParts#listNonZero} for a tile whose rows of op(A) are contiguous along p (the
     * forward z = x·V): the four rows are compared with zero a vector at a time, and the set bits of
     * the combined mask become the list.
     */
    private static int listByRows(float[] a, int ai, int ars, int rows, int k, int[] lists, int at) {
        int last = rows - 1;
        int a0 = ai;
        int a1 = ai + Math.min(1, last) * ars;
        int a2 = ai + Math.min(2, last) * ars;
        int a3 = ai + Math.min(3, last) * ars;
        int count = 0;
        int p = 0;
        for (; p + L <= k; p += L) {
            long bits = FloatVector.fromArray(S, a, a0 + p).compare(VectorOperators.NE, 0f)
                    .or(FloatVector.fromArray(S, a, a1 + p).compare(VectorOperators.NE, 0f))
                    .or(FloatVector.fromArray(S, a, a2 + p).compare(VectorOperators.NE, 0f))
                    .or(FloatVector.fromArray(S, a, a3 + p).compare(VectorOperators.NE, 0f)).toLong();
            while (bits != 0) {
                lists[at + count++] = p + Long.numberOfTrailingZeros(bits);
                bits &= bits - 1;
            }
        }
        for (; p < k; p++) {
            boolean nonZero = a[a0 + p] != 0 | a[a1 + p] != 0 | a[a2 + p] != 0 | a[a3 + p] != 0;
            lists[at + count] = p;
            count += nonZero ? 1 : 0;
        }
        return count;
    }

    /**
     * The lists of the first `tiles` tiles at once, when op(A) is transposed (the gradient ∇V = xᵀ·δ: a
     * tile's rows of op(A) are 4 adjacent values of each row p of x): each row p is compared with zero a
     * vector at a time, and p joins the list of every tile whose 4 lanes are not all zero.
     */
    private static void listByColumns(float[] a, int aOff, int acs, int mr, int tiles, int k, int[] lists, int[] counts) {
        java.util.Arrays.fill(counts, 0, tiles, 0);
        int width = tiles * mr;
        int tileBits = (1 << mr) - 1;
        for (int p = 0; p < k; p++) {
            int ap = aOff + p * acs;
            for (int i = 0; i < width; i += L) {
                long bits = FloatVector.fromArray(S, a, ap + i).compare(VectorOperators.NE, 0f).toLong();
                for (int q = 0, t = i / mr; q < L / mr; q++, t++) {
                    lists[t * k + counts[t]] = p;
                    counts[t] += (bits >>> (q * mr) & tileBits) != 0 ? 1 : 0;
                }
            }
        }
    }

    /** C(i..i+rows, j..j+L) by a pair tile or a 4-row tile, whichever the call's lists were made for. */
    private static void tileOneVector(boolean pairs, int[] lists, int at, int count, float[] a, int ai, int ars, int acs, int rows,
                                      float[] b, int bj, int ldb, float alpha, float beta, float[] c, int ci, int ldc) {
        if (pairs) {
            tile2x1(lists, at, count, a, ai, ars, acs, rows, b, bj, ldb, alpha, beta, c, ci, ldc);
        } else {
            tile4x1(lists, at, count, a, ai, ars, acs, rows, b, bj, ldb, alpha, beta, c, ci, ldc);
        }
    }

    /** C(i..i+4, j..j+2L): two vectors of columns, for the last columns that do not fill a 4-vector tile. */
    private static void tile4x2(int[] lists, int at, int count, float[] a, int ai, int ars, int acs, int rows,
                                float[] b, int bj, int ldb, float alpha, float beta, float[] c, int ci, int ldc) {
        int last = rows - 1;
        int a0 = ai, r0 = ci;
        int a1 = ai + Math.min(1, last) * ars, r1 = ci + Math.min(1, last) * ldc;
        int a2 = ai + Math.min(2, last) * ars, r2 = ci + Math.min(2, last) * ldc;
        int a3 = ai + Math.min(3, last) * ars, r3 = ci + Math.min(3, last) * ldc;
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        for (int t = at, end = at + count; t < end; t++) {
            int p = lists[t];
            int bp = bj + p * ldb;
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
            int ap = p * acs;
            FloatVector x;
            x = FloatVector.broadcast(S, a[a0 + ap]); c00 = x.fma(b0, c00); c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, a[a1 + ap]); c10 = x.fma(b0, c10); c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, a[a2 + ap]); c20 = x.fma(b0, c20); c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, a[a3 + ap]); c30 = x.fma(b0, c30); c31 = x.fma(b1, c31);
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
        c00.intoArray(c, r0);
        c01.intoArray(c, r0 + L);
        c10.intoArray(c, r1);
        c11.intoArray(c, r1 + L);
        c20.intoArray(c, r2);
        c21.intoArray(c, r2 + L);
        c30.intoArray(c, r3);
        c31.intoArray(c, r3 + L);
    }

    /** C(i..i+4, j..j+L): one vector of columns, for the last columns. */
    private static void tile4x1(int[] lists, int at, int count, float[] a, int ai, int ars, int acs, int rows,
                                float[] b, int bj, int ldb, float alpha, float beta, float[] c, int ci, int ldc) {
        int last = rows - 1;
        int a0 = ai, r0 = ci;
        int a1 = ai + Math.min(1, last) * ars, r1 = ci + Math.min(1, last) * ldc;
        int a2 = ai + Math.min(2, last) * ars, r2 = ci + Math.min(2, last) * ldc;
        int a3 = ai + Math.min(3, last) * ars, r3 = ci + Math.min(3, last) * ldc;
        FloatVector c0 = FloatVector.zero(S), c1 = FloatVector.zero(S), c2 = FloatVector.zero(S), c3 = FloatVector.zero(S);
        for (int t = at, end = at + count; t < end; t++) {
            int p = lists[t];
            FloatVector b0 = FloatVector.fromArray(S, b, bj + p * ldb);
            int ap = p * acs;
            c0 = FloatVector.broadcast(S, a[a0 + ap]).fma(b0, c0);
            c1 = FloatVector.broadcast(S, a[a1 + ap]).fma(b0, c1);
            c2 = FloatVector.broadcast(S, a[a2 + ap]).fma(b0, c2);
            c3 = FloatVector.broadcast(S, a[a3 + ap]).fma(b0, c3);
        }
        FloatVector av = FloatVector.broadcast(S, alpha), zero = FloatVector.zero(S), bv = FloatVector.broadcast(S, beta);
        boolean acc = beta == 1f;
        boolean update = Gemm.updatesWithBeta(beta); // C ← fma(C, β, P), P what β = 0 stores
        c0 = update ? FloatVector.fromArray(S, c, r0).fma(bv, c0.fma(av, zero)) : c0.fma(av, acc ? FloatVector.fromArray(S, c, r0) : zero);
        c1 = update ? FloatVector.fromArray(S, c, r1).fma(bv, c1.fma(av, zero)) : c1.fma(av, acc ? FloatVector.fromArray(S, c, r1) : zero);
        c2 = update ? FloatVector.fromArray(S, c, r2).fma(bv, c2.fma(av, zero)) : c2.fma(av, acc ? FloatVector.fromArray(S, c, r2) : zero);
        c3 = update ? FloatVector.fromArray(S, c, r3).fma(bv, c3.fma(av, zero)) : c3.fma(av, acc ? FloatVector.fromArray(S, c, r3) : zero);
        c0.intoArray(c, r0);
        c1.intoArray(c, r1);
        c2.intoArray(c, r2);
        c3.intoArray(c, r3);
    }

    /**
     * C(i..i+4, j..j+NR) ← α·Σ_p op(A)(i,p)·B(p,j) [+ C] over the listed p. Rows past the last are clamped
     * to it for loads and stores alike (they compute the last row's values again, harmlessly).
     */
    private static void tile4x4(int[] lists, int at, int count, float[] a, int ai, int ars, int acs, int rows,
                                float[] b, int bj, int ldb, float alpha, float beta, float[] c, int ci, int ldc) {
        int last = rows - 1;
        int a0 = ai, r0 = ci;
        int a1 = ai + Math.min(1, last) * ars, r1 = ci + Math.min(1, last) * ldc;
        int a2 = ai + Math.min(2, last) * ars, r2 = ci + Math.min(2, last) * ldc;
        int a3 = ai + Math.min(3, last) * ars, r3 = ci + Math.min(3, last) * ldc;
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S), c02 = FloatVector.zero(S), c03 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S), c12 = FloatVector.zero(S), c13 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S), c22 = FloatVector.zero(S), c23 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S), c32 = FloatVector.zero(S), c33 = FloatVector.zero(S);
        for (int t = at, end = at + count; t < end; t++) {
            int p = lists[t];
            int bp = bj + p * ldb;
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
            FloatVector b2 = FloatVector.fromArray(S, b, bp + 2 * L);
            FloatVector b3 = FloatVector.fromArray(S, b, bp + 3 * L);
            int ap = p * acs;
            FloatVector x;
            x = FloatVector.broadcast(S, a[a0 + ap]); c00 = x.fma(b0, c00); c01 = x.fma(b1, c01); c02 = x.fma(b2, c02); c03 = x.fma(b3, c03);
            x = FloatVector.broadcast(S, a[a1 + ap]); c10 = x.fma(b0, c10); c11 = x.fma(b1, c11); c12 = x.fma(b2, c12); c13 = x.fma(b3, c13);
            x = FloatVector.broadcast(S, a[a2 + ap]); c20 = x.fma(b0, c20); c21 = x.fma(b1, c21); c22 = x.fma(b2, c22); c23 = x.fma(b3, c23);
            x = FloatVector.broadcast(S, a[a3 + ap]); c30 = x.fma(b0, c30); c31 = x.fma(b1, c31); c32 = x.fma(b2, c32); c33 = x.fma(b3, c33);
        }
        FloatVector av = FloatVector.broadcast(S, alpha), zero = FloatVector.zero(S), bv = FloatVector.broadcast(S, beta);
        boolean acc = beta == 1f;
        boolean update = Gemm.updatesWithBeta(beta); // C ← fma(C, β, P), P what β = 0 stores
        // every load of C before any store: a clamped duplicate row must read the old values too
        c00 = update ? FloatVector.fromArray(S, c, r0).fma(bv, c00.fma(av, zero)) : c00.fma(av, acc ? FloatVector.fromArray(S, c, r0) : zero);
        c01 = update ? FloatVector.fromArray(S, c, r0 + L).fma(bv, c01.fma(av, zero)) : c01.fma(av, acc ? FloatVector.fromArray(S, c, r0 + L) : zero);
        c02 = update ? FloatVector.fromArray(S, c, r0 + 2 * L).fma(bv, c02.fma(av, zero)) : c02.fma(av, acc ? FloatVector.fromArray(S, c, r0 + 2 * L) : zero);
        c03 = update ? FloatVector.fromArray(S, c, r0 + 3 * L).fma(bv, c03.fma(av, zero)) : c03.fma(av, acc ? FloatVector.fromArray(S, c, r0 + 3 * L) : zero);
        c10 = update ? FloatVector.fromArray(S, c, r1).fma(bv, c10.fma(av, zero)) : c10.fma(av, acc ? FloatVector.fromArray(S, c, r1) : zero);
        c11 = update ? FloatVector.fromArray(S, c, r1 + L).fma(bv, c11.fma(av, zero)) : c11.fma(av, acc ? FloatVector.fromArray(S, c, r1 + L) : zero);
        c12 = update ? FloatVector.fromArray(S, c, r1 + 2 * L).fma(bv, c12.fma(av, zero)) : c12.fma(av, acc ? FloatVector.fromArray(S, c, r1 + 2 * L) : zero);
        c13 = update ? FloatVector.fromArray(S, c, r1 + 3 * L).fma(bv, c13.fma(av, zero)) : c13.fma(av, acc ? FloatVector.fromArray(S, c, r1 + 3 * L) : zero);
        c20 = update ? FloatVector.fromArray(S, c, r2).fma(bv, c20.fma(av, zero)) : c20.fma(av, acc ? FloatVector.fromArray(S, c, r2) : zero);
        c21 = update ? FloatVector.fromArray(S, c, r2 + L).fma(bv, c21.fma(av, zero)) : c21.fma(av, acc ? FloatVector.fromArray(S, c, r2 + L) : zero);
        c22 = update ? FloatVector.fromArray(S, c, r2 + 2 * L).fma(bv, c22.fma(av, zero)) : c22.fma(av, acc ? FloatVector.fromArray(S, c, r2 + 2 * L) : zero);
        c23 = update ? FloatVector.fromArray(S, c, r2 + 3 * L).fma(bv, c23.fma(av, zero)) : c23.fma(av, acc ? FloatVector.fromArray(S, c, r2 + 3 * L) : zero);
        c30 = update ? FloatVector.fromArray(S, c, r3).fma(bv, c30.fma(av, zero)) : c30.fma(av, acc ? FloatVector.fromArray(S, c, r3) : zero);
        c31 = update ? FloatVector.fromArray(S, c, r3 + L).fma(bv, c31.fma(av, zero)) : c31.fma(av, acc ? FloatVector.fromArray(S, c, r3 + L) : zero);
        c32 = update ? FloatVector.fromArray(S, c, r3 + 2 * L).fma(bv, c32.fma(av, zero)) : c32.fma(av, acc ? FloatVector.fromArray(S, c, r3 + 2 * L) : zero);
        c33 = update ? FloatVector.fromArray(S, c, r3 + 3 * L).fma(bv, c33.fma(av, zero)) : c33.fma(av, acc ? FloatVector.fromArray(S, c, r3 + 3 * L) : zero);
        c00.intoArray(c, r0);
        c01.intoArray(c, r0 + L);
        c02.intoArray(c, r0 + 2 * L);
        c03.intoArray(c, r0 + 3 * L);
        c10.intoArray(c, r1);
        c11.intoArray(c, r1 + L);
        c12.intoArray(c, r1 + 2 * L);
        c13.intoArray(c, r1 + 3 * L);
        c20.intoArray(c, r2);
        c21.intoArray(c, r2 + L);
        c22.intoArray(c, r2 + 2 * L);
        c23.intoArray(c, r2 + 3 * L);
        c30.intoArray(c, r3);
        c31.intoArray(c, r3 + L);
        c32.intoArray(c, r3 + 2 * L);
        c33.intoArray(c, r3 + 3 * L);
    }

    /**
     * C(i..i+2, j..j+8L) ← α·Σ_p op(A)(i,p)·B(p,j) [+ C] over the listed p, as {@link #tile4x4} for a pair of
     * rows (a second row past the last is clamped to it); tile2x4, tile2x2 and tile2x1 are the same for the
     * last columns.
     */
    private static void tile2x8(int[] lists, int at, int count, float[] a, int ai, int ars, int acs, int rows,
                                float[] b, int bj, int ldb, float alpha, float beta, float[] c, int ci, int ldc) {
        int last = rows - 1;
        int a0 = ai, r0 = ci;
        int a1 = ai + Math.min(1, last) * ars, r1 = ci + Math.min(1, last) * ldc;
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S), c02 = FloatVector.zero(S), c03 = FloatVector.zero(S), c04 = FloatVector.zero(S), c05 = FloatVector.zero(S), c06 = FloatVector.zero(S), c07 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S), c12 = FloatVector.zero(S), c13 = FloatVector.zero(S), c14 = FloatVector.zero(S), c15 = FloatVector.zero(S), c16 = FloatVector.zero(S), c17 = FloatVector.zero(S);
        for (int t = at, end = at + count; t < end; t++) {
            int p = lists[t];
            int bp = bj + p * ldb;
            int ap = p * acs;
            FloatVector x0 = FloatVector.broadcast(S, a[a0 + ap]);
            FloatVector x1 = FloatVector.broadcast(S, a[a1 + ap]);
            FloatVector b0 = FloatVector.fromArray(S, b, bp); c00 = x0.fma(b0, c00); c10 = x1.fma(b0, c10);
            FloatVector b1 = FloatVector.fromArray(S, b, bp + L); c01 = x0.fma(b1, c01); c11 = x1.fma(b1, c11);
            FloatVector b2 = FloatVector.fromArray(S, b, bp + 2 * L); c02 = x0.fma(b2, c02); c12 = x1.fma(b2, c12);
            FloatVector b3 = FloatVector.fromArray(S, b, bp + 3 * L); c03 = x0.fma(b3, c03); c13 = x1.fma(b3, c13);
            FloatVector b4 = FloatVector.fromArray(S, b, bp + 4 * L); c04 = x0.fma(b4, c04); c14 = x1.fma(b4, c14);
            FloatVector b5 = FloatVector.fromArray(S, b, bp + 5 * L); c05 = x0.fma(b5, c05); c15 = x1.fma(b5, c15);
            FloatVector b6 = FloatVector.fromArray(S, b, bp + 6 * L); c06 = x0.fma(b6, c06); c16 = x1.fma(b6, c16);
            FloatVector b7 = FloatVector.fromArray(S, b, bp + 7 * L); c07 = x0.fma(b7, c07); c17 = x1.fma(b7, c17);
        }
        FloatVector av = FloatVector.broadcast(S, alpha), zero = FloatVector.zero(S), bv = FloatVector.broadcast(S, beta);
        boolean acc = beta == 1f;
        boolean update = Gemm.updatesWithBeta(beta); // C ← fma(C, β, P), P what β = 0 stores
        // every load of C before any store: a clamped duplicate row must read the old values too
        c00 = update ? FloatVector.fromArray(S, c, r0).fma(bv, c00.fma(av, zero)) : c00.fma(av, acc ? FloatVector.fromArray(S, c, r0) : zero);
        c01 = update ? FloatVector.fromArray(S, c, r0 + L).fma(bv, c01.fma(av, zero)) : c01.fma(av, acc ? FloatVector.fromArray(S, c, r0 + L) : zero);
        c02 = update ? FloatVector.fromArray(S, c, r0 + 2 * L).fma(bv, c02.fma(av, zero)) : c02.fma(av, acc ? FloatVector.fromArray(S, c, r0 + 2 * L) : zero);
        c03 = update ? FloatVector.fromArray(S, c, r0 + 3 * L).fma(bv, c03.fma(av, zero)) : c03.fma(av, acc ? FloatVector.fromArray(S, c, r0 + 3 * L) : zero);
        c04 = update ? FloatVector.fromArray(S, c, r0 + 4 * L).fma(bv, c04.fma(av, zero)) : c04.fma(av, acc ? FloatVector.fromArray(S, c, r0 + 4 * L) : zero);
        c05 = update ? FloatVector.fromArray(S, c, r0 + 5 * L).fma(bv, c05.fma(av, zero)) : c05.fma(av, acc ? FloatVector.fromArray(S, c, r0 + 5 * L) : zero);
        c06 = update ? FloatVector.fromArray(S, c, r0 + 6 * L).fma(bv, c06.fma(av, zero)) : c06.fma(av, acc ? FloatVector.fromArray(S, c, r0 + 6 * L) : zero);
        c07 = update ? FloatVector.fromArray(S, c, r0 + 7 * L).fma(bv, c07.fma(av, zero)) : c07.fma(av, acc ? FloatVector.fromArray(S, c, r0 + 7 * L) : zero);
        c10 = update ? FloatVector.fromArray(S, c, r1).fma(bv, c10.fma(av, zero)) : c10.fma(av, acc ? FloatVector.fromArray(S, c, r1) : zero);
        c11 = update ? FloatVector.fromArray(S, c, r1 + L).fma(bv, c11.fma(av, zero)) : c11.fma(av, acc ? FloatVector.fromArray(S, c, r1 + L) : zero);
        c12 = update ? FloatVector.fromArray(S, c, r1 + 2 * L).fma(bv, c12.fma(av, zero)) : c12.fma(av, acc ? FloatVector.fromArray(S, c, r1 + 2 * L) : zero);
        c13 = update ? FloatVector.fromArray(S, c, r1 + 3 * L).fma(bv, c13.fma(av, zero)) : c13.fma(av, acc ? FloatVector.fromArray(S, c, r1 + 3 * L) : zero);
        c14 = update ? FloatVector.fromArray(S, c, r1 + 4 * L).fma(bv, c14.fma(av, zero)) : c14.fma(av, acc ? FloatVector.fromArray(S, c, r1 + 4 * L) : zero);
        c15 = update ? FloatVector.fromArray(S, c, r1 + 5 * L).fma(bv, c15.fma(av, zero)) : c15.fma(av, acc ? FloatVector.fromArray(S, c, r1 + 5 * L) : zero);
        c16 = update ? FloatVector.fromArray(S, c, r1 + 6 * L).fma(bv, c16.fma(av, zero)) : c16.fma(av, acc ? FloatVector.fromArray(S, c, r1 + 6 * L) : zero);
        c17 = update ? FloatVector.fromArray(S, c, r1 + 7 * L).fma(bv, c17.fma(av, zero)) : c17.fma(av, acc ? FloatVector.fromArray(S, c, r1 + 7 * L) : zero);
        c00.intoArray(c, r0);
        c01.intoArray(c, r0 + L);
        c02.intoArray(c, r0 + 2 * L);
        c03.intoArray(c, r0 + 3 * L);
        c04.intoArray(c, r0 + 4 * L);
        c05.intoArray(c, r0 + 5 * L);
        c06.intoArray(c, r0 + 6 * L);
        c07.intoArray(c, r0 + 7 * L);
        c10.intoArray(c, r1);
        c11.intoArray(c, r1 + L);
        c12.intoArray(c, r1 + 2 * L);
        c13.intoArray(c, r1 + 3 * L);
        c14.intoArray(c, r1 + 4 * L);
        c15.intoArray(c, r1 + 5 * L);
        c16.intoArray(c, r1 + 6 * L);
        c17.intoArray(c, r1 + 7 * L);
    }

    private static void tile2x4(int[] lists, int at, int count, float[] a, int ai, int ars, int acs, int rows,
                                float[] b, int bj, int ldb, float alpha, float beta, float[] c, int ci, int ldc) {
        int last = rows - 1;
        int a0 = ai, r0 = ci;
        int a1 = ai + Math.min(1, last) * ars, r1 = ci + Math.min(1, last) * ldc;
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S), c02 = FloatVector.zero(S), c03 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S), c12 = FloatVector.zero(S), c13 = FloatVector.zero(S);
        for (int t = at, end = at + count; t < end; t++) {
            int p = lists[t];
            int bp = bj + p * ldb;
            int ap = p * acs;
            FloatVector x0 = FloatVector.broadcast(S, a[a0 + ap]);
            FloatVector x1 = FloatVector.broadcast(S, a[a1 + ap]);
            FloatVector b0 = FloatVector.fromArray(S, b, bp); c00 = x0.fma(b0, c00); c10 = x1.fma(b0, c10);
            FloatVector b1 = FloatVector.fromArray(S, b, bp + L); c01 = x0.fma(b1, c01); c11 = x1.fma(b1, c11);
            FloatVector b2 = FloatVector.fromArray(S, b, bp + 2 * L); c02 = x0.fma(b2, c02); c12 = x1.fma(b2, c12);
            FloatVector b3 = FloatVector.fromArray(S, b, bp + 3 * L); c03 = x0.fma(b3, c03); c13 = x1.fma(b3, c13);
        }
        FloatVector av = FloatVector.broadcast(S, alpha), zero = FloatVector.zero(S), bv = FloatVector.broadcast(S, beta);
        boolean acc = beta == 1f;
        boolean update = Gemm.updatesWithBeta(beta); // C ← fma(C, β, P), P what β = 0 stores
        // every load of C before any store: a clamped duplicate row must read the old values too
        c00 = update ? FloatVector.fromArray(S, c, r0).fma(bv, c00.fma(av, zero)) : c00.fma(av, acc ? FloatVector.fromArray(S, c, r0) : zero);
        c01 = update ? FloatVector.fromArray(S, c, r0 + L).fma(bv, c01.fma(av, zero)) : c01.fma(av, acc ? FloatVector.fromArray(S, c, r0 + L) : zero);
        c02 = update ? FloatVector.fromArray(S, c, r0 + 2 * L).fma(bv, c02.fma(av, zero)) : c02.fma(av, acc ? FloatVector.fromArray(S, c, r0 + 2 * L) : zero);
        c03 = update ? FloatVector.fromArray(S, c, r0 + 3 * L).fma(bv, c03.fma(av, zero)) : c03.fma(av, acc ? FloatVector.fromArray(S, c, r0 + 3 * L) : zero);
        c10 = update ? FloatVector.fromArray(S, c, r1).fma(bv, c10.fma(av, zero)) : c10.fma(av, acc ? FloatVector.fromArray(S, c, r1) : zero);
        c11 = update ? FloatVector.fromArray(S, c, r1 + L).fma(bv, c11.fma(av, zero)) : c11.fma(av, acc ? FloatVector.fromArray(S, c, r1 + L) : zero);
        c12 = update ? FloatVector.fromArray(S, c, r1 + 2 * L).fma(bv, c12.fma(av, zero)) : c12.fma(av, acc ? FloatVector.fromArray(S, c, r1 + 2 * L) : zero);
        c13 = update ? FloatVector.fromArray(S, c, r1 + 3 * L).fma(bv, c13.fma(av, zero)) : c13.fma(av, acc ? FloatVector.fromArray(S, c, r1 + 3 * L) : zero);
        c00.intoArray(c, r0);
        c01.intoArray(c, r0 + L);
        c02.intoArray(c, r0 + 2 * L);
        c03.intoArray(c, r0 + 3 * L);
        c10.intoArray(c, r1);
        c11.intoArray(c, r1 + L);
        c12.intoArray(c, r1 + 2 * L);
        c13.intoArray(c, r1 + 3 * L);
    }

    private static void tile2x2(int[] lists, int at, int count, float[] a, int ai, int ars, int acs, int rows,
                                float[] b, int bj, int ldb, float alpha, float beta, float[] c, int ci, int ldc) {
        int last = rows - 1;
        int a0 = ai, r0 = ci;
        int a1 = ai + Math.min(1, last) * ars, r1 = ci + Math.min(1, last) * ldc;
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        for (int t = at, end = at + count; t < end; t++) {
            int p = lists[t];
            int bp = bj + p * ldb;
            int ap = p * acs;
            FloatVector x0 = FloatVector.broadcast(S, a[a0 + ap]);
            FloatVector x1 = FloatVector.broadcast(S, a[a1 + ap]);
            FloatVector b0 = FloatVector.fromArray(S, b, bp); c00 = x0.fma(b0, c00); c10 = x1.fma(b0, c10);
            FloatVector b1 = FloatVector.fromArray(S, b, bp + L); c01 = x0.fma(b1, c01); c11 = x1.fma(b1, c11);
        }
        FloatVector av = FloatVector.broadcast(S, alpha), zero = FloatVector.zero(S), bv = FloatVector.broadcast(S, beta);
        boolean acc = beta == 1f;
        boolean update = Gemm.updatesWithBeta(beta); // C ← fma(C, β, P), P what β = 0 stores
        // every load of C before any store: a clamped duplicate row must read the old values too
        c00 = update ? FloatVector.fromArray(S, c, r0).fma(bv, c00.fma(av, zero)) : c00.fma(av, acc ? FloatVector.fromArray(S, c, r0) : zero);
        c01 = update ? FloatVector.fromArray(S, c, r0 + L).fma(bv, c01.fma(av, zero)) : c01.fma(av, acc ? FloatVector.fromArray(S, c, r0 + L) : zero);
        c10 = update ? FloatVector.fromArray(S, c, r1).fma(bv, c10.fma(av, zero)) : c10.fma(av, acc ? FloatVector.fromArray(S, c, r1) : zero);
        c11 = update ? FloatVector.fromArray(S, c, r1 + L).fma(bv, c11.fma(av, zero)) : c11.fma(av, acc ? FloatVector.fromArray(S, c, r1 + L) : zero);
        c00.intoArray(c, r0);
        c01.intoArray(c, r0 + L);
        c10.intoArray(c, r1);
        c11.intoArray(c, r1 + L);
    }

    private static void tile2x1(int[] lists, int at, int count, float[] a, int ai, int ars, int acs, int rows,
                                float[] b, int bj, int ldb, float alpha, float beta, float[] c, int ci, int ldc) {
        int last = rows - 1;
        int a0 = ai, r0 = ci;
        int a1 = ai + Math.min(1, last) * ars, r1 = ci + Math.min(1, last) * ldc;
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S);
        for (int t = at, end = at + count; t < end; t++) {
            int p = lists[t];
            int bp = bj + p * ldb;
            int ap = p * acs;
            FloatVector x0 = FloatVector.broadcast(S, a[a0 + ap]);
            FloatVector x1 = FloatVector.broadcast(S, a[a1 + ap]);
            FloatVector b0 = FloatVector.fromArray(S, b, bp); c00 = x0.fma(b0, c00); c10 = x1.fma(b0, c10);
        }
        FloatVector av = FloatVector.broadcast(S, alpha), zero = FloatVector.zero(S), bv = FloatVector.broadcast(S, beta);
        boolean acc = beta == 1f;
        boolean update = Gemm.updatesWithBeta(beta); // C ← fma(C, β, P), P what β = 0 stores
        c00 = update ? FloatVector.fromArray(S, c, r0).fma(bv, c00.fma(av, zero)) : c00.fma(av, acc ? FloatVector.fromArray(S, c, r0) : zero);
        c10 = update ? FloatVector.fromArray(S, c, r1).fma(bv, c10.fma(av, zero)) : c10.fma(av, acc ? FloatVector.fromArray(S, c, r1) : zero);
        c00.intoArray(c, r0);
        c10.intoArray(c, r1);
    }
}
