package org.backprop4j.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The sparse-left GEMMs: each vector kernel gives the bits of its plain twin (one FMA chain per element
 * over the non-zero terms), on awkward sizes, both forms, sparse and dense left operands; the plain twin
 * agrees with the double-precision reference; thread splits change no bits.
 */
class SparseLeftGemmTest {
    static final int[] SIZES = {1, 7, 13, 64, 207, 784};


    static List<Gemm> vectorKernels() {
        List<Gemm> g = new ArrayList<>();
        Kernels.vectorSparseLeftGemm(256).ifPresent(g::add);
        Kernels.vectorSparseLeftGemm(512).ifPresent(g::add);
        return g;
    }

    /** Every size in each of m, n and k against the others, both forms, A 80% zeros or dense. */
    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (int i = 0; i < SIZES.length; i++) {
            for (int j = 0; j < SIZES.length; j++) {
                int m = SIZES[i];
                int n = SIZES[j];
                int k = SIZES[(i + 2 * j + 3) % SIZES.length];
                if ((long) m * n * k > 20_000_000L) k = 13;
                out.add(Arguments.of((i + j) % 2 == 1, m, n, k, 0.8));
            }
        }
        // MNIST's shapes: the forward z = x·V and the gradient ∇V = xᵀ·δ of a 784-800 layer, batch 128
        out.add(Arguments.of(false, 128, 800, 784, 0.81));
        out.add(Arguments.of(true, 784, 800, 128, 0.81));
        out.add(Arguments.of(false, 13, 207, 784, 0.0));
        out.add(Arguments.of(true, 207, 100, 13, 1.0));
        return out.stream();
    }

    @ParameterizedTest(name = "transA={0} {1}x{2}x{3} zeros={4}")
    @MethodSource("cases")
    void vectorKernelsGiveThePlainTwinsBits(boolean transA, int m, int n, int k, double zeros) {
        Rng rng = new Rng(m * 1_000_003L + n * 1009L + k);
        // padded leading dimensions and offsets, so no kernel may assume packed storage
        int lda = (transA ? m : k) + 3;
        int ldb = n + 5;
        int ldc = n + 2;
        int aOff = 7;
        int bOff = 11;
        int cOff = 5;
        float[] a = sparse(rng, aOff + (transA ? k : m) * lda, zeros);
        float[] b = GemmTest.random(rng, bOff + k * ldb);
        for (float[] betaAlpha : new float[][] {{0f, 1f}, {1f, 1f}, {0.5f, -1.5f}}) {
            float beta = betaAlpha[0];
            float alpha = betaAlpha[1];
            float[] c0 = GemmTest.random(rng, cOff + m * ldc + 3);
            if (beta == 0) Arrays.fill(c0, Float.NaN); // β = 0 must not read C
            float[] plain = c0.clone();
            PlainSparseLeftGemm.INSTANCE.gemm(transA, false, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, plain, cOff, ldc);
            float[] reference = c0.clone();
            ReferenceGemm.INSTANCE.gemm(transA, false, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, reference, cOff, ldc);
            for (int i = 0; i < plain.length; i++) {
                double tol = 4e-7 * (k + 2) * Math.max(1, Math.abs(alpha)) + 1e-6 * Math.abs(reference[i]);
                if (Float.isNaN(reference[i])) {
                    assertTrue(Float.isNaN(plain[i]), "plain wrote outside C at " + i);
                } else {
                    assertEquals(reference[i], plain[i], tol, "plain against the reference at " + i);
                }
            }
            for (Gemm g : vectorKernels()) {
                float[] actual = c0.clone();
                g.gemm(transA, false, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, actual, cOff, ldc);
                for (int i = 0; i < actual.length; i++) {
                    int at = i;
                    assertEquals(Float.floatToRawIntBits(plain[i]), Float.floatToRawIntBits(actual[i]),
                            () -> g.name() + " at " + at + " (row " + (at - cOff) / ldc + ", col " + (at - cOff) % ldc + ") beta=" + beta);
                }
            }
        }
    }

    /** Exactly sized arrays: the last tile and the scalar columns touch the last element of every operand. */
    @Test
    void exactlySizedArrays() {
        for (int[] s : new int[][] {{7, 207, 13}, {13, 100, 784}, {1, 1, 1}, {5, 79, 7}, {9, 255, 31}}) {
            int m = s[0], n = s[1], k = s[2];
            for (boolean transA : new boolean[] {false, true}) {
                Rng rng = new Rng(m + 31L * n + 97L * k);
                float[] a = sparse(rng, m * k, 0.7);
                float[] b = GemmTest.random(rng, k * n);
                float[] plain = GemmTest.random(rng, m * n);
                int lda = transA ? m : k;
                for (Gemm g : vectorKernels()) {
                    float[] actual = plain.clone();
                    float[] expected = plain.clone();
                    PlainSparseLeftGemm.INSTANCE.gemm(transA, false, m, n, k, 1f, a, 0, lda, b, 0, n, 1f, expected, 0, n);
                    g.gemm(transA, false, m, n, k, 1f, a, 0, lda, b, 0, n, 1f, actual, 0, n);
                    for (int i = 0; i < actual.length; i++) {
                        assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(actual[i]), g.name() + " at " + i);
                    }
                }
            }
        }
    }

    /**
     * Column ranges of a narrow layer (784×30, as the threads of the unit split take them), in exactly sized
     * arrays: the columns left over from whole vectors are read in place as a window that ends at the
     * range's last column, re-reading columns before the range (NaN here: their lanes must be dropped),
     * or staged when no such window fits.
     */
    @Test
    void columnRangesOfANarrowLayer() {
        int k = 784, units = 30, m = 10;
        Rng rng = new Rng(30);
        float[] x = sparse(rng, m * k, 0.81);
        float[] values = GemmTest.random(rng, k * units);
        float[] deltas = GemmTest.random(rng, m * units);
        for (int[] range : new int[][] {{0, 16}, {16, 30}, {8, 30}, {0, 14}, {0, 30}, {29, 30}, {0, 5}}) {
            int from = range[0], n = range[1] - range[0];
            float[] v = outsideColumnsNaN(values, units, from, n);
            float[] delta = outsideColumnsNaN(deltas, units, from, n);
            for (Gemm g : vectorKernels()) {
                for (float[] betaAlpha : new float[][] {{0f, 1f}, {1f, 1f}, {0f, 0.75f}}) {
                    float beta = betaAlpha[0];
                    float alpha = betaAlpha[1];
                    float[] z0 = GemmTest.random(rng, m * units);
                    float[] zPlain = z0.clone(), z = z0.clone();
                    PlainSparseLeftGemm.INSTANCE.gemm(false, false, m, n, k, alpha, x, 0, k, v, from, units, beta, zPlain, from, units);
                    g.gemm(false, false, m, n, k, alpha, x, 0, k, v, from, units, beta, z, from, units);
                    float[] grad0 = GemmTest.random(rng, k * units);
                    float[] gradPlain = grad0.clone(), grad = grad0.clone();
                    PlainSparseLeftGemm.INSTANCE.gemm(true, false, k, n, m, alpha, x, 0, k, delta, from, units, beta, gradPlain, from, units);
                    g.gemm(true, false, k, n, m, alpha, x, 0, k, delta, from, units, beta, grad, from, units);
                    for (int i = 0; i < z.length; i++) {
                        assertEquals(Float.floatToRawIntBits(zPlain[i]), Float.floatToRawIntBits(z[i]), g.name() + " z, columns " + from + "+" + n + " at " + i);
                    }
                    for (int i = 0; i < grad.length; i++) {
                        assertEquals(Float.floatToRawIntBits(gradPlain[i]), Float.floatToRawIntBits(grad[i]), g.name() + " ∇V, columns " + from + "+" + n + " at " + i);
                    }
                }
            }
        }
    }

    /** A copy of a rows × width matrix with NaN outside columns [from, from + n). */
    private static float[] outsideColumnsNaN(float[] b, int width, int from, int n) {
        float[] out = b.clone();
        for (int i = 0; i < out.length; i++) {
            int col = i % width;
            if (col < from || col >= from + n) out[i] = Float.NaN;
        }
        return out;
    }

    /** A·Bᵀ has no sparse left operand to exploit: it is the dense kernel's product, bit for bit. */
    @Test
    void transposedBIsTheDenseProduct() {
        Rng rng = new Rng(5);
        int m = 13, n = 37, k = 207;
        float[] a = sparse(rng, m * k, 0.5);
        float[] b = GemmTest.random(rng, n * k);
        for (int bits : new int[] {256, 512}) {
            var sparse = Kernels.vectorSparseLeftGemm(bits);
            var dense = Kernels.vectorGemm(bits);
            if (sparse.isEmpty() || dense.isEmpty()) continue;
            float[] expected = new float[m * n];
            float[] actual = new float[m * n];
            dense.get().gemm(false, true, m, n, k, 1f, a, 0, k, b, 0, k, 0f, expected, 0, n);
            sparse.get().gemm(false, true, m, n, k, 1f, a, 0, k, b, 0, k, 0f, actual, 0, n);
            assertTrue(Arrays.equals(expected, actual), sparse.get().name());
        }
        float[] expected = new float[m * n];
        float[] actual = new float[m * n];
        PlainGemm.INSTANCE.gemm(false, true, m, n, k, 1f, a, 0, k, b, 0, k, 0f, expected, 0, n);
        PlainSparseLeftGemm.INSTANCE.gemm(false, true, m, n, k, 1f, a, 0, k, b, 0, k, 0f, actual, 0, n);
        assertTrue(Arrays.equals(expected, actual), "plain");
    }

    /** Split between threads (by rows of C), the first layer's two products give the one-thread bits. */
    @Test
    void threadSplitsGiveTheSameBits() {
        Rng rng = new Rng(9);
        float[] x = sparse(rng, 128 * 784, 0.81);
        float[] v = GemmTest.random(rng, 784 * 800);
        float[] delta = GemmTest.random(rng, 128 * 800);
        float[][] z = new float[3][128 * 800];
        float[][] grad = new float[3][784 * 800];
        for (int threads = 1; threads <= 3; threads++) {
            Gemm g = ExecutionContext.create(threads).sparseLeftGemm();
            g.gemm(false, false, 128, 800, 784, 1f, x, 0, 784, v, 0, 800, 0f, z[threads - 1], 0, 800);
            g.gemm(true, false, 784, 800, 128, 1f, x, 0, 784, delta, 0, 800, 0f, grad[threads - 1], 0, 800);
        }
        for (int t = 1; t < 3; t++) {
            assertTrue(Arrays.equals(z[0], z[t]), "z with " + (t + 1) + " threads");
            assertTrue(Arrays.equals(grad[0], grad[t]), "∇V with " + (t + 1) + " threads");
        }
    }

    /**
     * The documented price of skipping: a term whose A is 0 in every row of a tile (here a tile of one
     * row) is skipped even against ∞, where a dense product would give NaN. (Inside a tile, a row's own
     * zero term meets B(p) through fma(0, b, s): NaN when b is not finite, so with non-finite B the
     * kernels' bits may differ from the plain twin's.)
     */
    @Test
    void termsZeroInAWholeTileAreSkippedEvenAgainstInfinity() {
        float[] a = {0f, 2f};
        float[] b = {Float.POSITIVE_INFINITY, 3f};
        List<Gemm> all = new ArrayList<>(vectorKernels());
        all.add(PlainSparseLeftGemm.INSTANCE);
        for (Gemm g : all) {
            float[] c = new float[1];
            g.gemm(false, false, 1, 1, 2, 1f, a, 0, 2, b, 0, 1, 0f, c, 0, 1);
            assertEquals(6f, c[0], g.name());
        }
    }

    @Test
    void rejectsOperandsThatDoNotFitTheirArrays() {
        List<Gemm> all = new ArrayList<>(vectorKernels());
        all.add(PlainSparseLeftGemm.INSTANCE);
        for (Gemm g : all) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> g.gemm(false, false, 4, 4, 4, 1f, new float[15], 0, 4, new float[16], 0, 4, 0f, new float[16], 0, 4));
            assertTrue(e.getMessage().contains("A"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> g.gemm(true, false, 4, 4, 4, 1f, new float[16], 0, 4, new float[16], 0, 3, 0f, new float[16], 0, 4));
            assertTrue(e.getMessage().contains("leading dimension of B"), e.getMessage());
        }
    }

    /** Uniform values in (−1, 1), each 0 with probability `zeros`. */
    static float[] sparse(Rng rng, int n, double zeros) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            double u = rng.nextDouble();
            x[i] = u < zeros ? 0f : (float) (2 * rng.nextDouble() - 1);
        }
        return x;
    }
}
