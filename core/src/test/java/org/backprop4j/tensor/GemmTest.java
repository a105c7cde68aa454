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

/** Every GEMM implementation against the double-precision reference, on awkward sizes and all four forms. */
class GemmTest {
    static final int[] SIZES = {1, 7, 13, 31, 64, 100, 207, 784};

    static List<Gemm> fastKernels() {
        List<Gemm> g = new ArrayList<>();
        g.add(PlainGemm.INSTANCE);
        Kernels.vectorGemm(256).ifPresent(g::add);
        Kernels.vectorGemm(512).ifPresent(g::add);
        return g;
    }

    /**
     * Each size appears in each of m, n and k, paired with every other size, for all four transpose
     * forms; the largest products are skipped so the reference stays quick (784 still meets 784), and
     * a few depths beyond 1024 cross the kernels' k-blocking.
     */
    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (Gemm g : fastKernels()) {
            for (int i = 0; i < SIZES.length; i++) {
                for (int j = 0; j < SIZES.length; j++) {
                    int m = SIZES[i];
                    int n = SIZES[j];
                    int k = SIZES[(i + 2 * j + 3) % SIZES.length];
                    if ((long) m * n * k > 40_000_000L) k = 13;
                    int form = (i + j) % 4;
                    out.add(Arguments.of(g, form / 2 == 1, form % 2 == 1, m, n, k));
                }
            }
            for (int form = 0; form < 4; form++) {
                out.add(Arguments.of(g, form / 2 == 1, form % 2 == 1, 784, 784, 64));
                // depths past the kernels' k-blocks (256 and 1024): later passes accumulate into C
                out.add(Arguments.of(g, form / 2 == 1, form % 2 == 1, 13, 207, 2100));
                out.add(Arguments.of(g, form / 2 == 1, form % 2 == 1, 31, 33, 1025));
            }
            // short dot products (k < 32): A·Bᵀ through a transposed copy of B, in blocks of 256 rows of B
            out.add(Arguments.of(g, false, true, 10, 10, 30));
            out.add(Arguments.of(g, false, true, 9, 600, 31));
            out.add(Arguments.of(g, false, true, 300, 40, 16));
            // enough rows for the broadcast path to pack B, with a partial column block and edge tiles
            out.add(Arguments.of(g, false, false, 300, 207, 1100));
            out.add(Arguments.of(g, true, false, 263, 161, 37));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} transA={1} transB={2} {3}x{4}x{5}")
    @MethodSource("cases")
    void matchesReference(Gemm gemm, boolean transA, boolean transB, int m, int n, int k) {
        Rng rng = new Rng(m * 1_000_003L + n * 1009L + k);
        // leading dimensions padded and operands offset, so no kernel may assume packed storage
        int lda = (transA ? m : k) + 3;
        int ldb = (transB ? k : n) + 5;
        int ldc = n + 2;
        int aOff = 7;
        int bOff = 11;
        int cOff = 5;
        float[] a = random(rng, aOff + (transA ? k : m) * lda);
        float[] b = random(rng, bOff + (transB ? n : k) * ldb);
        for (float[] betaAlpha : new float[][] {{0f, 1f}, {1f, 1f}, {0.5f, -1.5f}}) {
            float beta = betaAlpha[0];
            float alpha = betaAlpha[1];
            float[] c0 = random(rng, cOff + m * ldc + 3);
            if (beta == 0) Arrays.fill(c0, Float.NaN); // β = 0 must not read C
            float[] expected = c0.clone();
            float[] actual = c0.clone();
            ReferenceGemm.INSTANCE.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, expected, cOff, ldc);
            gemm.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, actual, cOff, ldc);
            for (int i = 0; i < actual.length; i++) {
                int row = (i - cOff) / ldc;
                int col = (i - cOff) % ldc;
                boolean inside = i >= cOff && row < m && col < n;
                if (!inside) {
                    // outside the m×n block nothing may change (NaN == NaN by bits here)
                    assertEquals(Float.floatToRawIntBits(c0[i]), Float.floatToRawIntBits(actual[i]), gemm.name() + ": wrote outside C at " + i);
                    continue;
                }
                // float error bound of a k-term dot product with |a|,|b| ≤ 1
                double tol = 4e-7 * (k + 2) * Math.max(1, Math.abs(alpha)) + 1e-6 * Math.abs(expected[i]);
                assertEquals(expected[i], actual[i], tol, () -> gemm.name() + " C(" + row + "," + col + ") beta=" + beta);
            }
        }
    }

    /**
     * Operands in exactly-sized arrays (no offset, no slack): every edge tile and k-tail touches the
     * last element of its array, where vector accesses must not reach past the end.
     */
    @ParameterizedTest(name = "{0} transA={1} transB={2} {3}x{4}x{5} exact")
    @MethodSource("cases")
    void exactlySizedArrays(Gemm gemm, boolean transA, boolean transB, int m, int n, int k) {
        Rng rng = new Rng(m * 31L + n * 17L + k);
        float[] a = random(rng, m * k);
        float[] b = random(rng, k * n);
        float[] expected = random(rng, m * n);
        float[] actual = expected.clone();
        int lda = transA ? m : k;
        int ldb = transB ? k : n;
        ReferenceGemm.INSTANCE.gemm(transA, transB, m, n, k, 1f, a, 0, lda, b, 0, ldb, 0.25f, expected, 0, n);
        gemm.gemm(transA, transB, m, n, k, 1f, a, 0, lda, b, 0, ldb, 0.25f, actual, 0, n);
        for (int i = 0; i < actual.length; i++) {
            assertEquals(expected[i], actual[i], 4e-7 * (k + 2) + 1e-6 * Math.abs(expected[i]), gemm.name() + " at " + i);
        }
    }

    /**
     * A product computed whole (many rows: B is packed) and eight rows at a time (B read in place) gives
     * the same bits: packing may change where operands come from, never the arithmetic. ParallelGemm's
     * row splits rely on the same property.
     */
    @Test
    void packedAndRowSlicedProductsAreBitIdentical() {
        for (Gemm g : fastKernels()) {
            for (boolean transA : new boolean[] {false, true}) {
                int m = 300, n = 207, k = transA ? 64 : 1100;
                Rng rng = new Rng(17);
                int lda = transA ? m : k;
                float[] a = random(rng, m * k);
                float[] b = random(rng, k * n);
                float[] whole = random(rng, m * n);
                float[] sliced = whole.clone();
                g.gemm(transA, false, m, n, k, 0.75f, a, 0, lda, b, 0, n, 1f, whole, 0, n);
                for (int i = 0; i < m; i += 8) {
                    int rows = Math.min(8, m - i);
                    g.gemm(transA, false, rows, n, k, 0.75f, a, transA ? i : i * lda, lda, b, 0, n, 1f, sliced, i * n, n);
                }
                for (int i = 0; i < whole.length; i++) {
                    assertEquals(Float.floatToRawIntBits(whole[i]), Float.floatToRawIntBits(sliced[i]),
                            g.name() + " transA=" + transA + " at " + i);
                }
            }
        }
    }

    /**
     * The 512-bit dot path (A·Bᵀ) takes rows four at a time; the rows left over (two of nielsen's batch of
     * 10) go in pairs, then one at a time, with the lane sums in index order. Either way each left-over row
     * gets exactly the bits it gets alone, with and without a k-tail, left-over columns and β.
     */
    @Test
    void dotPathLeftOverRowsHaveTheBitsOfARowAlone() {
        Gemm g = Kernels.vectorGemm(512).orElseThrow(() -> new AssertionError("tests run with --add-modules jdk.incubator.vector"));
        for (int m : new int[] {2, 3, 6, 7, 10, 11}) {
            for (int n : new int[] {16, 13}) {
                for (int k : new int[] {784, 790}) {
                    Rng rng = new Rng(m * 1_000_003L + n * 1009L + k);
                    float[] a = random(rng, m * k);
                    float[] b = random(rng, n * k);
                    float[] c0 = random(rng, m * n);
                    for (float beta : new float[] {0f, 1f, 0.5f}) {
                        float[] whole = c0.clone();
                        g.gemm(false, true, m, n, k, 0.75f, a, 0, k, b, 0, k, beta, whole, 0, n);
                        for (int i = m / 4 * 4; i < m; i++) {
                            float[] alone = Arrays.copyOfRange(c0, i * n, (i + 1) * n);
                            g.gemm(false, true, 1, n, k, 0.75f, a, i * k, k, b, 0, k, beta, alone, 0, n);
                            for (int j = 0; j < n; j++) {
                                assertEquals(Float.floatToRawIntBits(alone[j]), Float.floatToRawIntBits(whole[i * n + j]),
                                        m + "x" + n + "x" + k + " beta=" + beta + " row " + i + " column " + j);
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * A·Bᵀ with short k goes through a transposed copy of B and the broadcast path: the same bits as A·B
     * with that transpose given, one FMA chain per element, whatever the block of B's rows.
     */
    @Test
    void shortDotProductsAreTheBroadcastPathsBits() {
        for (Gemm g : fastKernels()) {
            for (int[] s : new int[][] {{10, 10, 30}, {1, 7, 13}, {9, 600, 31}, {17, 257, 1}, {300, 40, 16}}) {
                int m = s[0], n = s[1], k = s[2];
                Rng rng = new Rng(m + 7L * n + 31L * k);
                float[] a = random(rng, m * k);
                float[] b = random(rng, n * k); // n×k: B given transposed
                float[] bt = new float[k * n];
                for (int j = 0; j < n; j++) for (int p = 0; p < k; p++) bt[p * n + j] = b[j * k + p];
                float[] c0 = random(rng, m * n);
                for (float beta : new float[] {0f, 1f, 0.5f}) {
                    float[] viaT = c0.clone();
                    float[] plain = c0.clone();
                    g.gemm(false, true, m, n, k, 0.75f, a, 0, k, b, 0, k, beta, viaT, 0, n);
                    g.gemm(false, false, m, n, k, 0.75f, a, 0, k, bt, 0, n, beta, plain, 0, n);
                    for (int i = 0; i < viaT.length; i++) {
                        assertEquals(Float.floatToRawIntBits(plain[i]), Float.floatToRawIntBits(viaT[i]),
                                g.name() + " " + m + "x" + n + "x" + k + " beta=" + beta + " at " + i);
                    }
                }
            }
        }
    }

    @Test
    void wholeMatrixFormChecksShapes() {
        Matrix a = new Matrix(2, 3);
        Matrix b = new Matrix(4, 3);
        Matrix c = new Matrix(2, 4);
        for (Gemm g : fastKernels()) {
            g.gemm(false, true, 1f, a, b, 0f, c); // (2x3)(3x4)
            assertThrows(IllegalArgumentException.class, () -> g.gemm(false, false, 1f, a, b, 0f, c));
        }
    }

    @Test
    void rejectsOperandsThatDoNotFitTheirArrays() {
        for (Gemm g : fastKernels()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> g.gemm(false, false, 4, 4, 4, 1f, new float[15], 0, 4, new float[16], 0, 4, 0f, new float[16], 0, 4));
            assertTrue(e.getMessage().contains("A"), e.getMessage());
            assertThrows(IllegalArgumentException.class,
                    () -> g.gemm(false, false, 4, 4, 4, 1f, new float[16], 0, 3, new float[16], 0, 4, 0f, new float[16], 0, 4));
        }
    }

    @Test
    void zeroDepthScalesC() {
        for (Gemm g : fastKernels()) {
            float[] c = {1, 2, 3, 4};
            g.gemm(false, false, 2, 2, 0, 1f, new float[0], 0, 1, new float[0], 0, 2, 0.5f, c, 0, 2);
            assertTrue(Arrays.equals(new float[] {0.5f, 1, 1.5f, 2}, c), g.name());
        }
    }

    @Test
    void smallProductByHand() {
        // [1 2; 3 4] · [5 6; 7 8] = [19 22; 43 50]
        float[] a = {1, 2, 3, 4};
        float[] b = {5, 6, 7, 8};
        for (Gemm g : fastKernels()) {
            float[] c = new float[4];
            g.gemm(false, false, 2, 2, 2, 1f, a, 0, 2, b, 0, 2, 0f, c, 0, 2);
            assertTrue(Arrays.equals(new float[] {19, 22, 43, 50}, c), g.name() + " " + Arrays.toString(c));
            g.gemm(true, false, 2, 2, 2, 1f, a, 0, 2, b, 0, 2, 0f, c, 0, 2); // Aᵀ·B = [26 30; 38 44]
            assertTrue(Arrays.equals(new float[] {26, 30, 38, 44}, c), g.name() + " " + Arrays.toString(c));
            g.gemm(false, true, 2, 2, 2, 1f, a, 0, 2, b, 0, 2, 0f, c, 0, 2); // A·Bᵀ = [17 23; 39 53]
            assertTrue(Arrays.equals(new float[] {17, 23, 39, 53}, c), g.name() + " " + Arrays.toString(c));
        }
    }

    static float[] random(Rng rng, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) (2 * rng.nextDouble() - 1);
        return x;
    }
}
