package org.backprop4j.tensor;

/**
 * Blocked GEMM in plain Java, for JVMs without {@code jdk.incubator.vector}.
 *
 * <p>Every form is reduced to row updates C(i,·) += A(i,p)·B(p,·) over contiguous rows of B, a loop
 * shape that C2 auto-vectorizes. When B is given transposed (the forward pass A·Wᵀ), its k×n block is
 * first copied to a per-thread buffer in row-major order: O(k·n) work against O(m·k·n) of arithmetic.
 * Blocking over k and n keeps that block and the rows of C in cache.
 */
public final class PlainGemm implements Gemm {
    public static final PlainGemm INSTANCE = new PlainGemm();

    private static final int KC = 256;
    private static final int NC = 2048;
    private static final ThreadLocal<float[]> PACK = ThreadLocal.withInitial(() -> new float[KC * NC]);

    private PlainGemm() {}

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                     float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                     float beta, float[] c, int cOff, int ldc) {
        Gemm.checkArguments(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
        if (m == 0 || n == 0) return;
        if (Gemm.updatesWithBeta(beta) && k > 0 && alpha != 0) {
            // rows of C are updated a term at a time here: P first, as β = 0 writes it, then C ← fma(C, β, P)
            BetaUpdate.throughBuffer(this, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        Gemm.scale(m, n, beta, c, cOff, ldc);
        if (k == 0 || alpha == 0) return;
        // op(A)(i,p) = a[aOff + i*ars + p*acs]
        int ars = transA ? 1 : lda;
        int acs = transA ? lda : 1;
        float[] pack = transB ? PACK.get() : null;
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                float[] bb;
                int bo;
                int ldbb;
                if (transB) {
                    // B(p, j) = b[bOff + j*ldb + p]: copy the kc×nc block into row-major order.
                    Matrix.transpose(b, bOff + jc * ldb + pc, ldb, nc, kc, pack, 0, nc);
                    bb = pack;
                    bo = 0;
                    ldbb = nc;
                } else {
                    bb = b;
                    bo = bOff + pc * ldb + jc;
                    ldbb = ldb;
                }
                for (int i = 0; i < m; i++) {
                    int ci = cOff + i * ldc + jc;
                    int ai = aOff + i * ars + pc * acs;
                    for (int p = 0; p < kc; p++) {
                        float aip = alpha * a[ai + p * acs];
                        if (aip == 0) continue;
                        int bp = bo + p * ldbb;
                        for (int j = 0; j < nc; j++) c[ci + j] += aip * bb[bp + j];
                    }
                }
            }
        }
    }

    @Override
    public String name() { return "plain"; }
}
