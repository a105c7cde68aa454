package org.backprop4j.tensor;

/**
 * General matrix multiply, BLAS {@code sgemm} semantics on row-major arrays:
 * <pre>  C ← α·op(A)·op(B) + β·C,   op(A) is m×k, op(B) is k×n, C is m×n.</pre>
 * Without transposition op(A)(i,p) = a[aOff + i·lda + p]; with it, A is stored k×m and
 * op(A)(i,p) = a[aOff + p·lda + i]. The same holds for B with ldb. C(i,j) = c[cOff + i·ldc + j].
 *
 * <p>Backpropagation needs three forms without materialising a transpose: the forward pass
 * Z = A·Wᵀ (transB), the weight gradient ∇W = δᵀ·A (transA) and the input gradient δ·W (neither).
 * When β = 0, C is only written, never read (so it may hold garbage, even NaN), as in BLAS. When β = 1
 * the product is added to C; any other β updates C as {@link #updatesWithBeta} says, in the same pass.
 */
public interface Gemm {

    void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
              float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
              float beta, float[] c, int cOff, int ldc);

    /**
     * Work on rows [from, to) of C once they hold their product: a layer's bias and σ after z's product, or
     * σ' on δ after δ·W's. It must treat each row on its own (rows are examples), so that running it on
     * blocks of rows gives the same bits as on all of them.
     */
    @FunctionalInterface
    interface Epilogue {
        void rows(int from, int to);
    }

    /**
     * The product, then {@code epilogue} (if not null) over all of C's rows. An implementation that
     * splits C's rows among threads ({@link ParallelGemm}) runs it on each block right after computing
     * it, on the same thread: the rows are still in that core's cache, and the epilogue runs on both
     * cores instead of one.
     */
    default void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                      float beta, float[] c, int cOff, int ldc, Epilogue epilogue) {
        gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        if (epilogue != null) epilogue.rows(0, m);
    }

    /** A short name for logs and benchmarks, e.g. {@code vector-512}. */
    String name();

    /** Convenience form on whole matrices: C ← α·op(A)·op(B) + β·C. */
    default void gemm(boolean transA, boolean transB, float alpha, Matrix a, Matrix b, float beta, Matrix c) {
        int m = transA ? a.cols() : a.rows();
        int k = transA ? a.rows() : a.cols();
        int kb = transB ? b.cols() : b.rows();
        int n = transB ? b.rows() : b.cols();
        if (k != kb || c.rows() != m || c.cols() != n) {
            throw new IllegalArgumentException("gemm shapes do not agree: op(A) " + m + "x" + k + ", op(B) " + kb + "x" + n
                    + ", C " + c.shape());
        }
        gemm(transA, transB, m, n, k, alpha, a.array(), a.offset(), a.cols(), b.array(), b.offset(), b.cols(), beta, c.array(), c.offset(), c.cols());
    }

    /**
     * Validates a call's arguments against the arrays, so that kernels may index without surprises.
     * Every implementation calls this first: a wrong leading dimension fails here with its name,
     * not deep inside a micro-kernel.
     */
    static void checkArguments(boolean transA, boolean transB, int m, int n, int k,
                               float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                               float[] c, int cOff, int ldc) {
        if (m < 0 || n < 0 || k < 0) throw new IllegalArgumentException("negative size m=" + m + " n=" + n + " k=" + k);
        checkOperand("A", a, aOff, lda, transA ? k : m, transA ? m : k);
        checkOperand("B", b, bOff, ldb, transB ? n : k, transB ? k : n);
        checkOperand("C", c, cOff, ldc, m, n);
    }

    private static void checkOperand(String name, float[] x, int off, int ld, int rows, int cols) {
        if (rows == 0 || cols == 0) return;
        if (ld < Math.max(1, cols)) {
            throw new IllegalArgumentException("leading dimension of " + name + " is " + ld + ", must be >= " + cols);
        }
        long last = (long) off + (long) (rows - 1) * ld + cols;
        if (off < 0 || last > x.length) {
            throw new IllegalArgumentException(name + " (" + rows + "x" + cols + ", ld " + ld + ", offset " + off
                    + ") does not fit in an array of " + x.length);
        }
    }

    /**
     * The common start of a kernel, after {@link #checkArguments}: true when no product is left to
     * compute, C being empty or k = 0 or α = 0 (then C ← β·C, done here, is the whole result).
     */
    static boolean nothingToMultiply(int m, int n, int k, float alpha, float beta, float[] c, int cOff, int ldc) {
        if (m == 0 || n == 0) return true;
        if (k == 0 || alpha == 0) {
            scale(m, n, beta, c, cOff, ldc);
            return true;
        }
        return false;
    }

    /**
     * Whether β asks for the one-pass update of C: for β other than 0 and 1 every kernel computes
     * C(i,j) ← fma(C(i,j), β, P(i,j)), where P(i,j) is exactly what the same call with β = 0 would have
     * written. That is one rounding beyond the product, and the first half of SGD with momentum,
     * v ← μv + ∇W, done in the epilogue of the product that makes ∇W: the gradient is never stored on its
     * own (see {@code optim.Optimizer#accumulator}). The vector kernels do it in their tiles' epilogues, in
     * registers; kernels that cannot finish an element's sum before storing it go through {@link BetaUpdate}.
     */
    static boolean updatesWithBeta(float beta) {
        return beta != 0f && beta != 1f;
    }

    /** C ← β·C on the m×n block; shared by implementations for the k = 0 or α = 0 cases. */
    static void scale(int m, int n, float beta, float[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            int row = cOff + i * ldc;
            if (beta == 0) {
                java.util.Arrays.fill(c, row, row + n, 0f);
            } else if (beta != 1) {
                for (int j = 0; j < n; j++) c[row + j] = Math.fma(c[row + j], beta, 0f); // fma(C, β, P) with P = 0
            }
        }
    }
}
