package org.backprop4j.tensor;

/**
 * The textbook triple loop, accumulating in double: the oracle the fast kernels are tested against.
 * Never used on the training path.
 */
public final class ReferenceGemm implements Gemm {
    public static final ReferenceGemm INSTANCE = new ReferenceGemm();

    private ReferenceGemm() {}

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                     float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                     float beta, float[] c, int cOff, int ldc) {
        Gemm.checkArguments(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int p = 0; p < k; p++) {
                    float aip = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                    float bpj = transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
                    sum += (double) aip * bpj;
                }
                int ci = cOff + i * ldc + j;
                c[ci] = (float) (alpha * sum + (beta == 0 ? 0 : (double) beta * c[ci]));
            }
        }
    }

    @Override
    public String name() { return "reference"; }
}
