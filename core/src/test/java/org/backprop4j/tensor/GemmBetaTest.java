package org.backprop4j.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A β other than 0 and 1 updates C in the same pass as the product, C ← fma(C, β, P), with P exactly what
 * the call with β = 0 writes ({@link Gemm#updatesWithBeta}): momentum's v ← μv + ∇W in the epilogue of
 * ∇W's product must give the bits of storing ∇W and then stepping. Every kernel, dense and sparse-left, on
 * awkward sizes, every form, depths past the k-blocks, and split over two threads.
 */
class GemmBetaTest {


    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        List<Gemm> dense = GemmTest.fastKernels();
        List<Gemm> sparse = new ArrayList<>(SparseLeftGemmTest.vectorKernels());
        sparse.add(PlainSparseLeftGemm.INSTANCE);
        int[] sizes = {1, 7, 13, 207, 784};
        for (Gemm g : dense) {
            for (int i = 0; i < sizes.length; i++) {
                for (int j = 0; j < sizes.length; j++) {
                    int k = sizes[(i + 2 * j + 1) % sizes.length];
                    if ((long) sizes[i] * sizes[j] * k > 20_000_000L) k = 13;
                    int form = (i + j) % 4;
                    out.add(Arguments.of(g, form / 2 == 1, form % 2 == 1, sizes[i], sizes[j], k, 0.0, 1));
                }
            }
            // past the k-blocks (the later passes add to the first's update); short dot products; packed B
            out.add(Arguments.of(g, false, false, 13, 207, 2100, 0.0, 1));
            out.add(Arguments.of(g, true, false, 31, 33, 1025, 0.0, 1));
            out.add(Arguments.of(g, false, true, 10, 10, 30, 0.0, 1));
            out.add(Arguments.of(g, false, false, 300, 207, 100, 0.0, 1));
        }
        for (Gemm g : sparse) {
            for (int i = 0; i < sizes.length; i++) {
                for (int j = 0; j < sizes.length; j++) {
                    int k = sizes[(i + 2 * j + 3) % sizes.length];
                    if ((long) sizes[i] * sizes[j] * k > 20_000_000L) k = 13;
                    out.add(Arguments.of(g, (i + j) % 2 == 1, false, sizes[i], sizes[j], k, 0.8, 1));
                }
            }
            out.add(Arguments.of(g, true, false, 784, 100, 64, 0.81, 1)); // ∇V of mlp100's first layer
        }
        // two threads: ∇W = δᵀ·a split by rows, a short C split by columns into private blocks, the sparse ∇V
        ExecutionContext two = ExecutionContext.create(2);
        out.add(Arguments.of(two.gemm(), true, false, 200, 300, 64, 0.0, 2));
        out.add(Arguments.of(two.gemm(), false, false, 10, 784, 200, 0.0, 2));
        out.add(Arguments.of(two.sparseLeftGemm(), true, false, 784, 200, 64, 0.81, 2));
        return out.stream();
    }

    @ParameterizedTest(name = "{0} transA={1} transB={2} {3}x{4}x{5} zeros={6} threads={7}")
    @MethodSource("cases")
    void betaIsOneFmaOntoTheProductOfBetaZero(Gemm gemm, boolean transA, boolean transB, int m, int n, int k,
                                              double zeros, int threads) {
        Rng rng = new Rng(m * 1_000_003L + n * 1009L + k + threads);
        int lda = (transA ? m : k) + 3;
        int ldb = (transB ? k : n) + 5;
        int ldc = n + 2;
        int aOff = 7;
        int bOff = 11;
        int cOff = 5;
        float[] a = GemmTest.random(rng, aOff + (transA ? k : m) * lda);
        for (int i = 0; i < a.length; i++) if (rng.nextDouble() < zeros) a[i] = 0f;
        float[] b = GemmTest.random(rng, bOff + (transB ? n : k) * ldb);
        for (float beta : new float[] {0.9f, -0.5f}) {
            float alpha = beta > 0 ? 1f : -1.25f;
            float[] c0 = GemmTest.random(rng, cOff + m * ldc + 3);
            float[] product = new float[c0.length];
            java.util.Arrays.fill(product, Float.NaN);
            gemm.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, 0f, product, cOff, ldc);
            float[] actual = c0.clone();
            gemm.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, actual, cOff, ldc);
            for (int i = 0; i < actual.length; i++) {
                int row = (i - cOff) / ldc;
                int col = (i - cOff) % ldc;
                boolean inside = i >= cOff && row < m && col < n;
                float expected = inside ? Math.fma(c0[i], beta, product[i]) : c0[i];
                int at = i;
                assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(actual[i]),
                        () -> gemm.name() + " beta=" + beta + " at " + at + " (row " + row + ", col " + col + "): expected " + expected
                                + ", got " + actual[at]);
            }
        }
    }
}
