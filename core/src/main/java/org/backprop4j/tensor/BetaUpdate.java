package org.backprop4j.tensor;

/**
 * C ← fma(C, β, P) ({@link Gemm#updatesWithBeta}) through a per-thread buffer that holds the whole product
 * P first: for kernels that cannot finish an element's sum before they write it (products deeper than
 * one k-block, which later blocks add to C, and the plain kernel's row updates). One more pass over an
 * m×n buffer; on the training paths (∇W of a mini-batch, k within one block) the vector kernels fold the
 * update into their tiles' epilogues instead.
 */
public final class BetaUpdate {
    /** Per-thread product buffer, grown as needed. */
    private static final ThreadLocal<float[][]> PRODUCT = ThreadLocal.withInitial(() -> new float[][] {new float[0]});

    private BetaUpdate() {}

    /** {@code kernel}'s product with β = 0 into the buffer, then C ← fma(C, β, P) on the m×n block. */
    public static void throughBuffer(Gemm kernel, boolean transA, boolean transB, int m, int n, int k, float alpha,
                                     float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                                     float beta, float[] c, int cOff, int ldc) {
        float[][] holder = PRODUCT.get();
        if (holder[0].length < m * n) holder[0] = new float[m * n];
        float[] p = holder[0];
        kernel.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, 0f, p, 0, n);
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc;
            for (int j = 0; j < n; j++) c[ci + j] = Math.fma(c[ci + j], beta, p[i * n + j]);
        }
    }
}
