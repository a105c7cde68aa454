package org.backprop4j.tensor.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.backprop4j.tensor.Gemm;
import org.backprop4j.tensor.PlainGemm;

/**
 * GEMM on 256-bit vectors (8 floats), for CPUs with AVX2 but not AVX-512.
 *
 * <p>The design of {@link Gemm512}, with tiles sized for the 16 vector registers of AVX2: the
 * broadcast tile is 4×16 (8 accumulators, enough to cover the FMA latency of two pipes), the dot tile
 * 2 rows of A by 4 rows of B.
 */
public final class Gemm256 implements Gemm {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_256;
    private static final int L = 8;
    private static final int MR = 4;
    private static final int NR = 2 * L;
    private static final int KC = 256;
    private static final int DOT_NB = 64;

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
        if (m == 0 || n == 0) return;
        if (k == 0 || alpha == 0) {
            Gemm.scale(m, n, beta, c, cOff, ldc);
            return;
        }
        if (!transB) {
            broadcastPath(m, n, k, alpha, a, aOff, transA ? 1 : lda, transA ? lda : 1, b, bOff, ldb, beta, c, cOff, ldc);
        } else if (!transA) {
            dotPath(m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        } else {
            PlainGemm.INSTANCE.gemm(true, true, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        }
    }

    // ---------------------------------------------------------------- broadcast path

    private static void broadcastPath(int m, int n, int k, float alpha, float[] a, int aOff, int ars, int acs,
                                      float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        for (int pc = 0; pc < k; pc += KC) {
            int kc = Math.min(KC, k - pc);
            float bt = pc == 0 ? beta : 1f;
            for (int i = 0; i < m; i += MR) {
                int rows = Math.min(MR, m - i);
                int ai = aOff + i * ars + pc * acs;
                int ci = cOff + i * ldc;
                for (int j = 0; j < n; j += NR) {
                    int cols = Math.min(NR, n - j);
                    int bj = bOff + pc * ldb + j;
                    if (cols > L) {
                        tile4x2(kc, alpha, a, ai, ars, acs, rows, b, bj, ldb, cols, bt, c, ci + j, ldc);
                    } else {
                        tile4x1(kc, alpha, a, ai, ars, acs, rows, b, bj, ldb, cols, bt, c, ci + j, ldc);
                    }
                }
            }
        }
    }

    private static void tile4x2(int kc, float alpha, float[] a, int ai, int ars, int acs, int rows,
                                float[] b, int bj, int ldb, int cols, float beta, float[] c, int ci, int ldc) {
        int last = rows - 1;
        int a0 = ai;
        int a1 = ai + Math.min(1, last) * ars;
        int a2 = ai + Math.min(2, last) * ars;
        int a3 = ai + Math.min(3, last) * ars;
        VectorMask<Float> m1 = S.indexInRange(L, cols);
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int bp = bj + p * ldb;
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector b1 = FloatVector.fromArray(S, b, bp + L, m1);
            int ap = p * acs;
            FloatVector x;
            x = FloatVector.broadcast(S, a[a0 + ap]); c00 = x.fma(b0, c00); c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, a[a1 + ap]); c10 = x.fma(b0, c10); c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, a[a2 + ap]); c20 = x.fma(b0, c20); c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, a[a3 + ap]); c30 = x.fma(b0, c30); c31 = x.fma(b1, c31);
        }
        store2(c, ci, c00, c01, alpha, beta, m1);
        if (rows > 1) store2(c, ci + ldc, c10, c11, alpha, beta, m1);
        if (rows > 2) store2(c, ci + 2 * ldc, c20, c21, alpha, beta, m1);
        if (rows > 3) store2(c, ci + 3 * ldc, c30, c31, alpha, beta, m1);
    }

    private static void tile4x1(int kc, float alpha, float[] a, int ai, int ars, int acs, int rows,
                                float[] b, int bj, int ldb, int cols, float beta, float[] c, int ci, int ldc) {
        int last = rows - 1;
        int a0 = ai;
        int a1 = ai + Math.min(1, last) * ars;
        int a2 = ai + Math.min(2, last) * ars;
        int a3 = ai + Math.min(3, last) * ars;
        VectorMask<Float> m0 = S.indexInRange(0, cols);
        FloatVector c0 = FloatVector.zero(S), c1 = FloatVector.zero(S), c2 = FloatVector.zero(S), c3 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            FloatVector b0 = FloatVector.fromArray(S, b, bj + p * ldb, m0);
            int ap = p * acs;
            c0 = FloatVector.broadcast(S, a[a0 + ap]).fma(b0, c0);
            c1 = FloatVector.broadcast(S, a[a1 + ap]).fma(b0, c1);
            c2 = FloatVector.broadcast(S, a[a2 + ap]).fma(b0, c2);
            c3 = FloatVector.broadcast(S, a[a3 + ap]).fma(b0, c3);
        }
        store1(c, ci, c0, alpha, beta, m0);
        if (rows > 1) store1(c, ci + ldc, c1, alpha, beta, m0);
        if (rows > 2) store1(c, ci + 2 * ldc, c2, alpha, beta, m0);
        if (rows > 3) store1(c, ci + 3 * ldc, c3, alpha, beta, m0);
    }

    private static void store2(float[] c, int off, FloatVector v0, FloatVector v1, float alpha, float beta,
                               VectorMask<Float> m1) {
        if (alpha != 1f) {
            v0 = v0.mul(alpha);
            v1 = v1.mul(alpha);
        }
        if (beta != 0f) {
            FloatVector o0 = FloatVector.fromArray(S, c, off);
            FloatVector o1 = FloatVector.fromArray(S, c, off + L, m1);
            v0 = beta == 1f ? v0.add(o0) : o0.mul(beta).add(v0);
            v1 = beta == 1f ? v1.add(o1) : o1.mul(beta).add(v1);
        }
        v0.intoArray(c, off);
        v1.intoArray(c, off + L, m1);
    }

    private static void store1(float[] c, int off, FloatVector v0, float alpha, float beta, VectorMask<Float> m0) {
        if (alpha != 1f) v0 = v0.mul(alpha);
        if (beta != 0f) {
            FloatVector o0 = FloatVector.fromArray(S, c, off, m0);
            v0 = beta == 1f ? v0.add(o0) : o0.mul(beta).add(v0);
        }
        v0.intoArray(c, off, m0);
    }

    // ---------------------------------------------------------------- dot path

    private static void dotPath(int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                                float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        for (int jb = 0; jb < n; jb += DOT_NB) {
            int jEnd = Math.min(n, jb + DOT_NB);
            int i = 0;
            for (; i + 2 <= m; i += 2) {
                int ai = aOff + i * lda;
                int ci = cOff + i * ldc;
                int j = jb;
                for (; j + 4 <= jEnd; j += 4) dot2x4(k, alpha, a, ai, lda, b, bOff + j * ldb, ldb, beta, c, ci + j, ldc);
                for (; j < jEnd; j++) {
                    int bj = bOff + j * ldb;
                    c[ci + j] = epilogue(alpha * dot(k, a, ai, b, bj), beta, c[ci + j]);
                    c[ci + ldc + j] = epilogue(alpha * dot(k, a, ai + lda, b, bj), beta, c[ci + ldc + j]);
                }
            }
            for (; i < m; i++) {
                int ai = aOff + i * lda;
                int ci = cOff + i * ldc;
                for (int j = jb; j < jEnd; j++) c[ci + j] = epilogue(alpha * dot(k, a, ai, b, bOff + j * ldb), beta, c[ci + j]);
            }
        }
    }

    private static float epilogue(float alphaDot, float beta, float old) {
        return beta == 0f ? alphaDot : alphaDot + beta * old;
    }

    private static void dot2x4(int k, float alpha, float[] a, int a0, int lda, float[] b, int b0, int ldb,
                               float beta, float[] c, int ci, int ldc) {
        int a1 = a0 + lda;
        int b1 = b0 + ldb, b2 = b1 + ldb, b3 = b2 + ldb;
        FloatVector s00 = FloatVector.zero(S), s01 = FloatVector.zero(S), s02 = FloatVector.zero(S), s03 = FloatVector.zero(S);
        FloatVector s10 = FloatVector.zero(S), s11 = FloatVector.zero(S), s12 = FloatVector.zero(S), s13 = FloatVector.zero(S);
        int p = 0;
        for (int kv = S.loopBound(k); p < kv; p += L) {
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
        if (p < k) {
            VectorMask<Float> t = S.indexInRange(p, k);
            FloatVector x0 = FloatVector.fromArray(S, a, a0 + p, t), x1 = FloatVector.fromArray(S, a, a1 + p, t);
            FloatVector y = FloatVector.fromArray(S, b, b0 + p, t);
            s00 = x0.fma(y, s00); s10 = x1.fma(y, s10);
            y = FloatVector.fromArray(S, b, b1 + p, t);
            s01 = x0.fma(y, s01); s11 = x1.fma(y, s11);
            y = FloatVector.fromArray(S, b, b2 + p, t);
            s02 = x0.fma(y, s02); s12 = x1.fma(y, s12);
            y = FloatVector.fromArray(S, b, b3 + p, t);
            s03 = x0.fma(y, s03); s13 = x1.fma(y, s13);
        }
        int c1 = ci + ldc;
        c[ci] = epilogue(alpha * s00.reduceLanes(VectorOperators.ADD), beta, c[ci]);
        c[ci + 1] = epilogue(alpha * s01.reduceLanes(VectorOperators.ADD), beta, c[ci + 1]);
        c[ci + 2] = epilogue(alpha * s02.reduceLanes(VectorOperators.ADD), beta, c[ci + 2]);
        c[ci + 3] = epilogue(alpha * s03.reduceLanes(VectorOperators.ADD), beta, c[ci + 3]);
        c[c1] = epilogue(alpha * s10.reduceLanes(VectorOperators.ADD), beta, c[c1]);
        c[c1 + 1] = epilogue(alpha * s11.reduceLanes(VectorOperators.ADD), beta, c[c1 + 1]);
        c[c1 + 2] = epilogue(alpha * s12.reduceLanes(VectorOperators.ADD), beta, c[c1 + 2]);
        c[c1 + 3] = epilogue(alpha * s13.reduceLanes(VectorOperators.ADD), beta, c[c1 + 3]);
    }

    private static float dot(int k, float[] a, int a0, float[] b, int b0) {
        FloatVector s = FloatVector.zero(S);
        int p = 0;
        for (int kv = S.loopBound(k); p < kv; p += L) {
            s = FloatVector.fromArray(S, a, a0 + p).fma(FloatVector.fromArray(S, b, b0 + p), s);
        }
        if (p < k) {
            VectorMask<Float> t = S.indexInRange(p, k);
            s = FloatVector.fromArray(S, a, a0 + p, t).fma(FloatVector.fromArray(S, b, b0 + p, t), s);
        }
        return s.reduceLanes(VectorOperators.ADD);
    }
}
