package org.backprop4j.tensor.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.backprop4j.tensor.Gemm;
import org.backprop4j.tensor.PlainGemm;

/**
 * GEMM on 512-bit vectors (16 floats), for CPUs with AVX-512.
 *
 * <p>The species is a compile-time constant of this class: choosing it at run time inside a kernel
 * makes C2 box the vectors. {@link Gemm256} is the same design at 256 bits, sized for 16 registers.
 *
 * <p>Two register-blocked paths, no transposed copies:
 * <ul>
 * <li><b>broadcast</b> (C = A·B and C = Aᵀ·B): an 8×32 tile of C lives in 16 accumulators; each step p
 *     loads two vectors of row p of B and broadcasts 8 values of column p of A, whose strides cover both
 *     layouts of A. Rows past m are clamped to the last row (computed, never stored); the last columns
 *     use masked loads and stores.</li>
 * <li><b>dot</b> (C = A·Bᵀ, the forward pass Z = A·Wᵀ): rows of A and of B are both contiguous along k,
 *     so a 4×4 tile of C is 16 vector dot products, reduced across lanes once at the end.</li>
 * </ul>
 * Aᵀ·Bᵀ is not on any training path and goes to {@link PlainGemm}.
 */
public final class Gemm512 implements Gemm {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_512;
    private static final int L = 16;
    private static final int MR = 8;
    private static final int NR = 2 * L;
    /** Depth of one pass of the broadcast path: an 8×KC block of A stays in L1. */
    private static final int KC = 256;
    /** Rows of B per block of the dot path, so that the block stays in L2 while all of A passes over it. */
    private static final int DOT_NB = 64;

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

    /** op(A)(i,p) = a[aOff + i·ars + p·acs]; B is row-major k×n. */
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
                        tile8x2(kc, alpha, a, ai, ars, acs, rows, b, bj, ldb, cols, bt, c, ci + j, ldc);
                    } else {
                        tile8x1(kc, alpha, a, ai, ars, acs, rows, b, bj, ldb, cols, bt, c, ci + j, ldc);
                    }
                }
            }
        }
    }

    private static void tile8x2(int kc, float alpha, float[] a, int ai, int ars, int acs, int rows,
                                float[] b, int bj, int ldb, int cols, float beta, float[] c, int ci, int ldc) {
        int last = rows - 1;
        int a0 = ai;
        int a1 = ai + Math.min(1, last) * ars;
        int a2 = ai + Math.min(2, last) * ars;
        int a3 = ai + Math.min(3, last) * ars;
        int a4 = ai + Math.min(4, last) * ars;
        int a5 = ai + Math.min(5, last) * ars;
        int a6 = ai + Math.min(6, last) * ars;
        int a7 = ai + Math.min(7, last) * ars;
        VectorMask<Float> m1 = S.indexInRange(L, cols);
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
            FloatVector b1 = FloatVector.fromArray(S, b, bp + L, m1);
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
        store2(c, ci, c00, c01, alpha, beta, m1);
        if (rows > 1) store2(c, ci + ldc, c10, c11, alpha, beta, m1);
        if (rows > 2) store2(c, ci + 2 * ldc, c20, c21, alpha, beta, m1);
        if (rows > 3) store2(c, ci + 3 * ldc, c30, c31, alpha, beta, m1);
        if (rows > 4) store2(c, ci + 4 * ldc, c40, c41, alpha, beta, m1);
        if (rows > 5) store2(c, ci + 5 * ldc, c50, c51, alpha, beta, m1);
        if (rows > 6) store2(c, ci + 6 * ldc, c60, c61, alpha, beta, m1);
        if (rows > 7) store2(c, ci + 7 * ldc, c70, c71, alpha, beta, m1);
    }

    private static void tile8x1(int kc, float alpha, float[] a, int ai, int ars, int acs, int rows,
                                float[] b, int bj, int ldb, int cols, float beta, float[] c, int ci, int ldc) {
        int last = rows - 1;
        int a0 = ai;
        int a1 = ai + Math.min(1, last) * ars;
        int a2 = ai + Math.min(2, last) * ars;
        int a3 = ai + Math.min(3, last) * ars;
        int a4 = ai + Math.min(4, last) * ars;
        int a5 = ai + Math.min(5, last) * ars;
        int a6 = ai + Math.min(6, last) * ars;
        int a7 = ai + Math.min(7, last) * ars;
        VectorMask<Float> m0 = S.indexInRange(0, cols);
        FloatVector c0 = FloatVector.zero(S), c1 = FloatVector.zero(S), c2 = FloatVector.zero(S), c3 = FloatVector.zero(S);
        FloatVector c4 = FloatVector.zero(S), c5 = FloatVector.zero(S), c6 = FloatVector.zero(S), c7 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            FloatVector b0 = FloatVector.fromArray(S, b, bj + p * ldb, m0);
            int ap = p * acs;
            c0 = FloatVector.broadcast(S, a[a0 + ap]).fma(b0, c0);
            c1 = FloatVector.broadcast(S, a[a1 + ap]).fma(b0, c1);
            c2 = FloatVector.broadcast(S, a[a2 + ap]).fma(b0, c2);
            c3 = FloatVector.broadcast(S, a[a3 + ap]).fma(b0, c3);
            c4 = FloatVector.broadcast(S, a[a4 + ap]).fma(b0, c4);
            c5 = FloatVector.broadcast(S, a[a5 + ap]).fma(b0, c5);
            c6 = FloatVector.broadcast(S, a[a6 + ap]).fma(b0, c6);
            c7 = FloatVector.broadcast(S, a[a7 + ap]).fma(b0, c7);
        }
        store1(c, ci, c0, alpha, beta, m0);
        if (rows > 1) store1(c, ci + ldc, c1, alpha, beta, m0);
        if (rows > 2) store1(c, ci + 2 * ldc, c2, alpha, beta, m0);
        if (rows > 3) store1(c, ci + 3 * ldc, c3, alpha, beta, m0);
        if (rows > 4) store1(c, ci + 4 * ldc, c4, alpha, beta, m0);
        if (rows > 5) store1(c, ci + 5 * ldc, c5, alpha, beta, m0);
        if (rows > 6) store1(c, ci + 6 * ldc, c6, alpha, beta, m0);
        if (rows > 7) store1(c, ci + 7 * ldc, c7, alpha, beta, m0);
    }

    /** C(row, 0..2L) ← α·acc + β·C, the second vector masked. */
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
            for (; i + 4 <= m; i += 4) {
                int ai = aOff + i * lda;
                int ci = cOff + i * ldc;
                int j = jb;
                for (; j + 4 <= jEnd; j += 4) dot4x4(k, alpha, a, ai, lda, b, bOff + j * ldb, ldb, beta, c, ci + j, ldc);
                for (; j < jEnd; j++) dot4x1(k, alpha, a, ai, lda, b, bOff + j * ldb, beta, c, ci + j, ldc);
            }
            for (; i < m; i++) {
                int ai = aOff + i * lda;
                int ci = cOff + i * ldc;
                int j = jb;
                for (; j + 4 <= jEnd; j += 4) dot1x4(k, alpha, a, ai, b, bOff + j * ldb, ldb, beta, c, ci + j);
                for (; j < jEnd; j++) c[ci + j] = epilogue(alpha * dot(k, a, ai, b, bOff + j * ldb), beta, c[ci + j]);
            }
        }
    }

    private static float epilogue(float alphaDot, float beta, float old) {
        return beta == 0f ? alphaDot : alphaDot + beta * old;
    }

    private static void dot4x4(int k, float alpha, float[] a, int a0, int lda, float[] b, int b0, int ldb,
                               float beta, float[] c, int ci, int ldc) {
        int a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda;
        int b1 = b0 + ldb, b2 = b1 + ldb, b3 = b2 + ldb;
        FloatVector s00 = FloatVector.zero(S), s01 = FloatVector.zero(S), s02 = FloatVector.zero(S), s03 = FloatVector.zero(S);
        FloatVector s10 = FloatVector.zero(S), s11 = FloatVector.zero(S), s12 = FloatVector.zero(S), s13 = FloatVector.zero(S);
        FloatVector s20 = FloatVector.zero(S), s21 = FloatVector.zero(S), s22 = FloatVector.zero(S), s23 = FloatVector.zero(S);
        FloatVector s30 = FloatVector.zero(S), s31 = FloatVector.zero(S), s32 = FloatVector.zero(S), s33 = FloatVector.zero(S);
        int p = 0;
        for (int kv = S.loopBound(k); p < kv; p += L) {
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
        if (p < k) {
            VectorMask<Float> t = S.indexInRange(p, k);
            FloatVector x0 = FloatVector.fromArray(S, a, a0 + p, t), x1 = FloatVector.fromArray(S, a, a1 + p, t);
            FloatVector x2 = FloatVector.fromArray(S, a, a2 + p, t), x3 = FloatVector.fromArray(S, a, a3 + p, t);
            FloatVector y = FloatVector.fromArray(S, b, b0 + p, t);
            s00 = x0.fma(y, s00); s10 = x1.fma(y, s10); s20 = x2.fma(y, s20); s30 = x3.fma(y, s30);
            y = FloatVector.fromArray(S, b, b1 + p, t);
            s01 = x0.fma(y, s01); s11 = x1.fma(y, s11); s21 = x2.fma(y, s21); s31 = x3.fma(y, s31);
            y = FloatVector.fromArray(S, b, b2 + p, t);
            s02 = x0.fma(y, s02); s12 = x1.fma(y, s12); s22 = x2.fma(y, s22); s32 = x3.fma(y, s32);
            y = FloatVector.fromArray(S, b, b3 + p, t);
            s03 = x0.fma(y, s03); s13 = x1.fma(y, s13); s23 = x2.fma(y, s23); s33 = x3.fma(y, s33);
        }
        int c1 = ci + ldc, c2 = c1 + ldc, c3 = c2 + ldc;
        c[ci] = epilogue(alpha * s00.reduceLanes(VectorOperators.ADD), beta, c[ci]);
        c[ci + 1] = epilogue(alpha * s01.reduceLanes(VectorOperators.ADD), beta, c[ci + 1]);
        c[ci + 2] = epilogue(alpha * s02.reduceLanes(VectorOperators.ADD), beta, c[ci + 2]);
        c[ci + 3] = epilogue(alpha * s03.reduceLanes(VectorOperators.ADD), beta, c[ci + 3]);
        c[c1] = epilogue(alpha * s10.reduceLanes(VectorOperators.ADD), beta, c[c1]);
        c[c1 + 1] = epilogue(alpha * s11.reduceLanes(VectorOperators.ADD), beta, c[c1 + 1]);
        c[c1 + 2] = epilogue(alpha * s12.reduceLanes(VectorOperators.ADD), beta, c[c1 + 2]);
        c[c1 + 3] = epilogue(alpha * s13.reduceLanes(VectorOperators.ADD), beta, c[c1 + 3]);
        c[c2] = epilogue(alpha * s20.reduceLanes(VectorOperators.ADD), beta, c[c2]);
        c[c2 + 1] = epilogue(alpha * s21.reduceLanes(VectorOperators.ADD), beta, c[c2 + 1]);
        c[c2 + 2] = epilogue(alpha * s22.reduceLanes(VectorOperators.ADD), beta, c[c2 + 2]);
        c[c2 + 3] = epilogue(alpha * s23.reduceLanes(VectorOperators.ADD), beta, c[c2 + 3]);
        c[c3] = epilogue(alpha * s30.reduceLanes(VectorOperators.ADD), beta, c[c3]);
        c[c3 + 1] = epilogue(alpha * s31.reduceLanes(VectorOperators.ADD), beta, c[c3 + 1]);
        c[c3 + 2] = epilogue(alpha * s32.reduceLanes(VectorOperators.ADD), beta, c[c3 + 2]);
        c[c3 + 3] = epilogue(alpha * s33.reduceLanes(VectorOperators.ADD), beta, c[c3 + 3]);
    }

    /** Four rows of A against one row of B. */
    private static void dot4x1(int k, float alpha, float[] a, int a0, int lda, float[] b, int b0,
                               float beta, float[] c, int ci, int ldc) {
        int a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda;
        FloatVector s0 = FloatVector.zero(S), s1 = FloatVector.zero(S), s2 = FloatVector.zero(S), s3 = FloatVector.zero(S);
        int p = 0;
        for (int kv = S.loopBound(k); p < kv; p += L) {
            FloatVector y = FloatVector.fromArray(S, b, b0 + p);
            s0 = FloatVector.fromArray(S, a, a0 + p).fma(y, s0);
            s1 = FloatVector.fromArray(S, a, a1 + p).fma(y, s1);
            s2 = FloatVector.fromArray(S, a, a2 + p).fma(y, s2);
            s3 = FloatVector.fromArray(S, a, a3 + p).fma(y, s3);
        }
        if (p < k) {
            VectorMask<Float> t = S.indexInRange(p, k);
            FloatVector y = FloatVector.fromArray(S, b, b0 + p, t);
            s0 = FloatVector.fromArray(S, a, a0 + p, t).fma(y, s0);
            s1 = FloatVector.fromArray(S, a, a1 + p, t).fma(y, s1);
            s2 = FloatVector.fromArray(S, a, a2 + p, t).fma(y, s2);
            s3 = FloatVector.fromArray(S, a, a3 + p, t).fma(y, s3);
        }
        c[ci] = epilogue(alpha * s0.reduceLanes(VectorOperators.ADD), beta, c[ci]);
        c[ci + ldc] = epilogue(alpha * s1.reduceLanes(VectorOperators.ADD), beta, c[ci + ldc]);
        c[ci + 2 * ldc] = epilogue(alpha * s2.reduceLanes(VectorOperators.ADD), beta, c[ci + 2 * ldc]);
        c[ci + 3 * ldc] = epilogue(alpha * s3.reduceLanes(VectorOperators.ADD), beta, c[ci + 3 * ldc]);
    }

    /** One row of A against four rows of B (the single-example forward pass). */
    private static void dot1x4(int k, float alpha, float[] a, int a0, float[] b, int b0, int ldb,
                               float beta, float[] c, int ci) {
        int b1 = b0 + ldb, b2 = b1 + ldb, b3 = b2 + ldb;
        FloatVector s0 = FloatVector.zero(S), s1 = FloatVector.zero(S), s2 = FloatVector.zero(S), s3 = FloatVector.zero(S);
        int p = 0;
        for (int kv = S.loopBound(k); p < kv; p += L) {
            FloatVector x = FloatVector.fromArray(S, a, a0 + p);
            s0 = x.fma(FloatVector.fromArray(S, b, b0 + p), s0);
            s1 = x.fma(FloatVector.fromArray(S, b, b1 + p), s1);
            s2 = x.fma(FloatVector.fromArray(S, b, b2 + p), s2);
            s3 = x.fma(FloatVector.fromArray(S, b, b3 + p), s3);
        }
        if (p < k) {
            VectorMask<Float> t = S.indexInRange(p, k);
            FloatVector x = FloatVector.fromArray(S, a, a0 + p, t);
            s0 = x.fma(FloatVector.fromArray(S, b, b0 + p, t), s0);
            s1 = x.fma(FloatVector.fromArray(S, b, b1 + p, t), s1);
            s2 = x.fma(FloatVector.fromArray(S, b, b2 + p, t), s2);
            s3 = x.fma(FloatVector.fromArray(S, b, b3 + p, t), s3);
        }
        c[ci] = epilogue(alpha * s0.reduceLanes(VectorOperators.ADD), beta, c[ci]);
        c[ci + 1] = epilogue(alpha * s1.reduceLanes(VectorOperators.ADD), beta, c[ci + 1]);
        c[ci + 2] = epilogue(alpha * s2.reduceLanes(VectorOperators.ADD), beta, c[ci + 2]);
        c[ci + 3] = epilogue(alpha * s3.reduceLanes(VectorOperators.ADD), beta, c[ci + 3]);
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
