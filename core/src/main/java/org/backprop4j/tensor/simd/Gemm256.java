package org.backprop4j.tensor.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;
import org.backprop4j.tensor.BetaUpdate;
import org.backprop4j.tensor.Gemm;
import org.backprop4j.tensor.Matrix;
import org.backprop4j.tensor.PlainGemm;

/**
 * GEMM on 256-bit vectors (8 floats), for CPUs with AVX2 but not AVX-512.
 *
 * <p>The design and the rules of {@link Gemm512}, with tiles sized for the 16 vector registers of AVX2:
 * the broadcast tile is 4×16 (8 accumulators, enough to cover the latency of two FMA pipes) and the dot
 * tile 2 rows of A by 4 rows of B.
 */
public final class Gemm256 implements Gemm {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_256;
    private static final int L = 8;
    private static final int MR = 4;
    private static final int NR = 2 * L;
    private static final int KC = 256;
    private static final int DOT_NB = 64;
    private static final ThreadLocal<float[][]> STAGE =
            ThreadLocal.withInitial(() -> new float[][] {new float[KC * NR + NR], new float[MR * NR + NR]});

    /** Created after the constants above, which its constructor checks. */
    public static final Gemm256 INSTANCE = new Gemm256();

    private Gemm256() {
        if (S.length() != L) throw new IllegalStateException("256-bit species has " + S.length() + " lanes");
    }

    @Override
    public String name() { return "vector-256"; }

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

    private static void broadcastPath(int m, int n, int k, float alpha, float[] a, int aOff, int ars, int acs,
                                      float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        int narrow = n / NR * NR; // columns from here on are fewer than NR: staged once per pass for all row blocks
        for (int pc = 0; pc < k; pc += KC) {
            int kc = Math.min(KC, k - pc);
            float tb = pc == 0 ? beta : 1f; // later passes add to what the first wrote
            float[] sb = narrow < n ? stageColumns(kc, b, bOff + pc * ldb + narrow, ldb, n - narrow) : null;
            for (int i = 0; i < m; i += MR) {
                int rows = Math.min(MR, m - i);
                int ai = aOff + i * ars + pc * acs;
                int ci = cOff + i * ldc;
                for (int j = 0; j < n; j += NR) {
                    int cols = Math.min(NR, n - j);
                    if (cols == NR) {
                        tile4x2(kc, alpha, a, ai, ars, acs, rows, b, bOff + pc * ldb + j, ldb, tb, c, ci + j, ldc);
                    } else {
                        stagedC(kc, alpha, a, ai, ars, acs, rows, sb, 0, NR, cols, tb, c, ci + j, ldc);
                    }
                }
            }
        }
    }

    /**
     * Copies B's last `cols` (fewer than NR) columns of a kc-row block into a buffer NR floats wide, once for
     * all the row blocks that use them; the full-width kernel then never needs masks, which keeps it small
     * enough for C1. The lanes past `cols` hold whatever they held: their results are never stored.
     */
    private static float[] stageColumns(int kc, float[] b, int bj, int ldb, int cols) {
        float[] sb = STAGE.get()[0];
        for (int p = 0; p < kc; p++) System.arraycopy(b, bj + p * ldb, sb, p * NR, cols);
        return sb;
    }

    /** A tile whose B is readable NR columns wide but whose C is narrower: computed in a padded buffer, then copied to C. */
    private static void stagedC(int kc, float alpha, float[] a, int ai, int ars, int acs, int rows,
                                float[] b, int bj, int ldb, int cols, float beta, float[] c, int ci, int ldc) {
        float[] sc = STAGE.get()[1];
        if (beta != 0f) for (int r = 0; r < rows; r++) System.arraycopy(c, ci + r * ldc, sc, r * NR, cols);
        tile4x2(kc, alpha, a, ai, ars, acs, rows, b, bj, ldb, beta, sc, 0, NR);
        for (int r = 0; r < rows; r++) System.arraycopy(sc, r * NR, c, ci + r * ldc, cols);
    }

    /**
     * C(i..i+4, j..j+NR) ← α·Σ_p op(A)(i,p)·B(p,j) [+ C] for a full-width tile, the sum accumulated from zero and
     * applied to C with one fused multiply-add per element. Rows past the last are clamped to it for loads
     * and stores alike: they compute exactly the last row's values, so storing them again is harmless and
     * the kernel needs no branches. A is read as plain broadcasts from memory (α is applied at the end), the
     * cheapest way to feed the FMA units.
     */
    private static void tile4x2(int kc, float alpha, float[] a, int ai, int ars, int acs, int rows,
                                float[] b, int bj, int ldb, float beta, float[] c, int ci, int ldc) {
        int last = rows - 1;
        int a0 = ai, r0 = ci;
        int a1 = ai + Math.min(1, last) * ars, r1 = ci + Math.min(1, last) * ldc;
        int a2 = ai + Math.min(2, last) * ars, r2 = ci + Math.min(2, last) * ldc;
        int a3 = ai + Math.min(3, last) * ars, r3 = ci + Math.min(3, last) * ldc;
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
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

    // ---------------------------------------------------------------- short dot products

    /**
     * A·Bᵀ with k below this goes through {@link #shortDotPath}: 32 floats as in Gemm512, four vectors here
     * (JMH, nielsen's output layer 10×10×30: 0.99 µs by the dot path, 0.48 by the short path).
     */
    static final int SHORT_K = 4 * L;
    /** Rows of B transposed at a time by the short path. */
    private static final int SHORT_NB = 256;
    private static final ThreadLocal<float[]> TRANSPOSED = ThreadLocal.withInitial(() -> new float[SHORT_K * ((SHORT_NB + NR - 1) / NR * NR)]);

    /** C = α·A·Bᵀ [+ C] for short k, as in Gemm512: B transposed block by block, then the broadcast path. */
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
                    if (cols == NR) tile4x2(k, alpha, a, ai, lda, 1, rows, bt, j, w, beta, c, ci + j, ldc);
                    else stagedC(k, alpha, a, ai, lda, 1, rows, bt, j, w, cols, beta, c, ci + j, ldc);
                }
            }
        }
    }

    // ---------------------------------------------------------------- dot path

    /** Per-thread scratch: a narrow tile's accumulator at 0, 8 sums at 64, a tail vector. See {@link Gemm512}. */
    private static final ThreadLocal<float[]> DOT_SCRATCH = ThreadLocal.withInitial(() -> new float[64 + 2 * L]);
    private static final VectorShuffle<Float> SWAP4 = VectorShuffle.fromOp(S, i -> i ^ 4);
    private static final VectorShuffle<Float> SWAP2 = VectorShuffle.fromOp(S, i -> i ^ 2);
    private static final VectorShuffle<Float> SWAP1 = VectorShuffle.fromOp(S, i -> i ^ 1);
    private static final VectorMask<Float> BIT4 = VectorMask.fromLong(S, 0xF0L);
    private static final VectorMask<Float> BIT2 = VectorMask.fromLong(S, 0xCCL);
    private static final VectorMask<Float> BIT1 = VectorMask.fromLong(S, 0xAAL);
    /** A row of a 2×4 dot tile: four floats, stored as one 128-bit vector (a second constant species). */
    private static final VectorSpecies<Float> ROW4 = FloatVector.SPECIES_128;

    private static void dotPath(int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                                float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        float[] t = DOT_SCRATCH.get();
        for (int jb = 0; jb < n; jb += DOT_NB) {
            int jEnd = Math.min(n, jb + DOT_NB);
            int i = 0;
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
                for (int j = jb; j < jEnd; j++) put(c, ci + j, alpha * dot(k, a, ai, b, bOff + j * ldb, t), beta);
            }
        }
    }

    /** C(i,j) ← v (β = 0), C(i,j) + v (β = 1), or fma(C(i,j), β, v). */
    private static void put(float[] c, int at, float v, float beta) {
        c[at] = beta == 0f ? v : beta == 1f ? c[at] + v : Math.fma(c[at], beta, v);
    }

    /** The dot product's part after the last whole vector, in index order; see {@link Gemm512}. */
    private static float tailDot(int from, int k, float[] a, int ai, float[] b, int bi, float[] t) {
        if (from == k) return 0f;
        if (ai + from + L <= a.length && bi + from + L <= b.length) {
            VectorMask<Float> in = S.indexInRange(from, k);
            FloatVector.fromArray(S, a, ai + from, in).mul(FloatVector.fromArray(S, b, bi + from, in)).intoArray(t, 64 + L);
            float s = 0f;
            for (int q = 0; q < k - from; q++) s += t[64 + L + q];
            return s;
        }
        float s = 0f;
        for (int q = from; q < k; q++) s += a[ai + q] * b[bi + q];
        return s;
    }

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
        // The 8 lane sums in registers, as Gemm512.dot4x4: lanes 4, 2, 1 apart, two accumulators
        // interleaved per level; srq enters at position REV3(4r + q) (3 bits reversed: 0, 4, 2, 6, …) so
        // that its sum leaves in lane 4r + q.
        FloatVector u0 = s00.add(s00.rearrange(SWAP4)).blend(s10.add(s10.rearrange(SWAP4)), BIT4);
        FloatVector u1 = s02.add(s02.rearrange(SWAP4)).blend(s12.add(s12.rearrange(SWAP4)), BIT4);
        FloatVector u2 = s01.add(s01.rearrange(SWAP4)).blend(s11.add(s11.rearrange(SWAP4)), BIT4);
        FloatVector u3 = s03.add(s03.rearrange(SWAP4)).blend(s13.add(s13.rearrange(SWAP4)), BIT4);
        FloatVector v0 = u0.add(u0.rearrange(SWAP2)).blend(u1.add(u1.rearrange(SWAP2)), BIT2);
        FloatVector v1 = u2.add(u2.rearrange(SWAP2)).blend(u3.add(u3.rearrange(SWAP2)), BIT2);
        v0.add(v0.rearrange(SWAP1)).blend(v1.add(v1.rearrange(SWAP1)), BIT1).intoArray(t, 64);
        if (kv == k) { // no tails: a row goes as one 4-float vector, the operations of put lane by lane
            for (int r = 0; r < 2; r++) {
                FloatVector v = FloatVector.fromArray(ROW4, t, 64 + 4 * r).mul(alpha);
                int at = ci + r * ldc;
                if (beta == 0f) v.intoArray(c, at);
                else if (beta == 1f) FloatVector.fromArray(ROW4, c, at).add(v).intoArray(c, at);
                else FloatVector.fromArray(ROW4, c, at).fma(FloatVector.broadcast(ROW4, beta), v).intoArray(c, at);
            }
            return;
        }
        for (int r = 0; r < 2; r++) {
            for (int q = 0; q < 4; q++) {
                float v = t[64 + 4 * r + q] + tailDot(kv, k, a, a0 + r * lda, b, b0 + q * ldb, t);
                put(c, ci + r * ldc + q, alpha * v, beta);
            }
        }
    }

    private static float dot(int k, float[] a, int a0, float[] b, int b0, float[] t) {
        int kv = S.loopBound(k);
        FloatVector s = FloatVector.zero(S);
        for (int p = 0; p < kv; p += L) s = FloatVector.fromArray(S, a, a0 + p).fma(FloatVector.fromArray(S, b, b0 + p), s);
        s.intoArray(t, 0);
        float sum = 0f;
        for (int q = 0; q < L; q++) sum += t[q];
        return sum + tailDot(kv, k, a, a0, b, b0, t);
    }
}
