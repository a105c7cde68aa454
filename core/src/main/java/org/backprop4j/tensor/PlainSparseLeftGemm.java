package org.backprop4j.tensor;

/**
 * The plain-Java twin of the sparse-left GEMMs ({@code tensor.simd.SparseLeftGemm512/256}), and their
 * stand-in on JVMs without {@code jdk.incubator.vector}.
 *
 * <p>For C = op(A)·B (B not transposed), every element is
 * <pre>  C(i,j) ← fma(s, α, 0) (β = 0),  fma(s, α, C(i,j)) (β = 1),  fma(C(i,j), β, fma(s, α, 0)) (other β),
 *   s = fma(A(i,p_r), B(p_r,j), … fma(A(i,p_1), B(p_1,j), 0))</pre>
 * over the p with A(i,p) ≠ 0 in increasing order: one chain of fused multiply-adds per element, zero
 * terms skipped. The vector kernels compute exactly this chain in their lanes, so both give the same
 * bits when B is finite (theirs add a row's zero terms inside a tile as fma(0, b, s), NaN for b = ∞). Skipping a zero term changes no finite sum (fma(0, b, s) = s), which is what makes products
 * with sparse inputs (MNIST pixels are 81% zeros) cheap; a term 0·∞ or 0·NaN, which would be NaN in a
 * dense product, is skipped too. Forms with B transposed go to {@link PlainGemm}.
 */
public final class PlainSparseLeftGemm implements Gemm {
    public static final PlainSparseLeftGemm INSTANCE = new PlainSparseLeftGemm();

    /** Per-thread row of accumulators. */
    private static final ThreadLocal<float[][]> ROW = ThreadLocal.withInitial(() -> new float[][] {new float[0]});

    private PlainSparseLeftGemm() {}

    @Override
    public String name() { return "plain-sparse-left"; }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                     float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                     float beta, float[] c, int cOff, int ldc) {
        if (transB) {
            PlainGemm.INSTANCE.gemm(transA, true, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        Gemm.checkArguments(transA, false, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
        if (Gemm.nothingToMultiply(m, n, k, alpha, beta, c, cOff, ldc)) return;
        boolean acc = beta == 1f;
        boolean update = Gemm.updatesWithBeta(beta);
        int ars = transA ? 1 : lda;
        int acs = transA ? lda : 1;
        float[][] holder = ROW.get();
        if (holder[0].length < n) holder[0] = new float[n];
        float[] s = holder[0];
        for (int i = 0; i < m; i++) {
            java.util.Arrays.fill(s, 0, n, 0f);
            int ai = aOff + i * ars;
            for (int p = 0; p < k; p++) {
                float x = a[ai + p * acs];
                if (x == 0) continue;
                int bp = bOff + p * ldb;
                for (int j = 0; j < n; j++) s[j] = Math.fma(x, b[bp + j], s[j]);
            }
            int ci = cOff + i * ldc;
            if (update) {
                for (int j = 0; j < n; j++) c[ci + j] = Math.fma(c[ci + j], beta, Math.fma(s[j], alpha, 0f));
            } else if (!acc) {
                for (int j = 0; j < n; j++) c[ci + j] = Math.fma(s[j], alpha, 0f); // as the vector kernels: a −0 product becomes +0
            } else {
                for (int j = 0; j < n; j++) c[ci + j] = Math.fma(s[j], alpha, c[ci + j]);
            }
        }
    }
}
