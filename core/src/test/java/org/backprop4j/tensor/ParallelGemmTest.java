package org.backprop4j.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Splitting a GEMM over threads must give exactly the single-threaded bits, for any thread count. */
class ParallelGemmTest {
    @AfterEach
    void restore() { Parallel.setThreads(Runtime.getRuntime().availableProcessors()); }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        List<Gemm> kernels = new ArrayList<>(List.of(PlainGemm.INSTANCE));
        Kernels.vectorGemm(256).ifPresent(kernels::add);
        Kernels.vectorGemm(512).ifPresent(kernels::add);
        // below ParallelGemm.MIN_WORK (run single-threaded) and above it: split by rows ({64,100,784},
        // {64,800,300}), by columns into private buffers ({8,800,784}, {10,800,784}) and by columns in place
        // ({9,8000,100}, where C is too big for private buffers)
        int[][] shapes = {{10, 30, 784}, {30, 784, 10}, {64, 100, 784}, {100, 784, 64}, {128, 207, 100}, {13, 1000, 31}, {207, 13, 300},
                {8, 800, 784}, {10, 800, 784}, {9, 8000, 100}, {64, 800, 300},
                // mlp800's output layer (1.02 M multiply-adds: rows of 128, or columns into private buffers)
                {128, 10, 800}, {10, 800, 128},
                // whole, 300 and 600 rows pack B; a row split leaves halves that do not, or (600) still do;
                // k = 1100 crosses the k-block of the vector kernels
                {300, 207, 1100}, {600, 161, 40}};
        for (Gemm g : kernels) {
            for (int[] s : shapes) {
                for (int form = 0; form < 3; form++) out.add(Arguments.of(g, form == 1, form == 2, s[0], s[1], s[2], 1f));
                out.add(Arguments.of(g, false, false, s[0], s[1], s[2], 0f)); // β = 0: C's old contents must not leak in
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} transA={1} transB={2} {3}x{4}x{5} beta={6}")
    @MethodSource("cases")
    void anyThreadCountGivesTheSameBits(Gemm kernel, boolean transA, boolean transB, int m, int n, int k, float beta) {
        Rng rng = new Rng(m + 7L * n + 31L * k);
        float[] a = GemmTest.random(rng, m * k);
        float[] b = GemmTest.random(rng, k * n);
        float[] c0 = GemmTest.random(rng, m * n);
        int lda = transA ? m : k;
        int ldb = transB ? k : n;
        float[] single = c0.clone();
        kernel.gemm(transA, transB, m, n, k, 1f, a, 0, lda, b, 0, ldb, beta, single, 0, n);
        ParallelGemm parallel = new ParallelGemm(kernel);
        for (int threads : new int[] {2, 3, 4, 7}) {
            Parallel.setThreads(threads);
            float[] c = c0.clone();
            parallel.gemm(transA, transB, m, n, k, 1f, a, 0, lda, b, 0, ldb, beta, c, 0, n);
            assertArrayEquals(single, c, kernel.name() + " with " + threads + " threads");
        }
    }

    /**
     * Two threads taking blocks from both ends of a large product (mlp800's shapes, split by rows and by
     * columns, dense and sparse-left, and one whose halves are cut as 1024³'s): the bits of one thread, whether the halves are plain, the threads
     * meet anywhere, or one thread takes every block (a call from inside a task runs its parts one after
     * another, so part 0 empties the row before part 1 starts).
     */
    @Test
    void blocksTakenFromBothEndsGiveTheSameBits() {
        List<Gemm> kernels = new ArrayList<>(List.of(PlainGemm.INSTANCE, PlainSparseLeftGemm.INSTANCE));
        Kernels.vectorGemm(512).ifPresent(kernels::add);
        Kernels.vectorSparseLeftGemm(512).ifPresent(kernels::add);
        Kernels.vectorGemm(256).ifPresent(kernels::add);
        // halves under ParallelGemm.PACKED_HALF_ROWS get four eighths, the last shape's (520 rows) two
        int[][] shapes = {{800, 800, 128, 1, 0}, {128, 800, 800, 0, 0}, {128, 800, 800, 0, 1}, {784, 800, 128, 1, 0}, {1040, 160, 128, 0, 0}};
        for (Gemm kernel : kernels) {
            for (int[] sh : shapes) {
                int m = sh[0], n = sh[1], k = sh[2];
                boolean transA = sh[3] == 1, transB = sh[4] == 1;
                Rng rng = new Rng(m + 7L * n + 31L * k);
                float[] a = GemmTest.random(rng, m * k);
                for (int i = 0; i < a.length; i += 3) a[i] = 0f;
                float[] b = GemmTest.random(rng, k * n);
                float[] c0 = GemmTest.random(rng, m * n);
                int lda = transA ? m : k;
                int ldb = transB ? k : n;
                float[] single = c0.clone();
                kernel.gemm(transA, transB, m, n, k, 1f, a, 0, lda, b, 0, ldb, 0.9f, single, 0, n);
                ParallelGemm parallel = new ParallelGemm(kernel);
                Parallel.setThreads(2);
                String what = kernel.name() + " " + m + "x" + n + "x" + k;
                try {
                    for (boolean stealing : new boolean[] {true, false}) {
                        ParallelGemm.setStealing(stealing);
                        float[] c = c0.clone();
                        parallel.gemm(transA, transB, m, n, k, 1f, a, 0, lda, b, 0, ldb, 0.9f, c, 0, n);
                        assertArrayEquals(single, c, what + ", stealing " + stealing);
                    }
                    float[] c = c0.clone();
                    Parallel.run((part, parts) -> {
                        if (part == 0) parallel.gemm(transA, transB, m, n, k, 1f, a, 0, lda, b, 0, ldb, 0.9f, c, 0, n);
                    }, 2);
                    assertArrayEquals(single, c, what + ", every block on one thread");
                } finally {
                    ParallelGemm.setStealing(true);
                }
            }
        }
    }

    /**
     * An epilogue sees every row of C exactly once, only after the row holds its whole product, on any
     * number of threads and for every way of splitting (rows with and without blocks taken from both ends,
     * columns in place and through private buffers, a product too small to split); what it writes stays.
     */
    @Test
    void theEpilogueSeesEachFinishedRowOnce() {
        List<Gemm> kernels = new ArrayList<>(List.of(PlainGemm.INSTANCE, PlainSparseLeftGemm.INSTANCE));
        Kernels.vectorGemm(512).ifPresent(kernels::add);
        Kernels.vectorSparseLeftGemm(512).ifPresent(kernels::add);
        int[][] shapes = {{128, 800, 800, 0, 1}, {128, 800, 800, 0, 0}, {128, 10, 800, 0, 1}, {10, 800, 784, 0, 0}, {9, 8000, 100, 0, 0},
                {10, 30, 784, 0, 1}, {13, 207, 301, 1, 0}};
        for (Gemm kernel : kernels) {
            for (int[] sh : shapes) {
                int m = sh[0], n = sh[1], k = sh[2];
                boolean transA = sh[3] == 1, transB = sh[4] == 1;
                Rng rng = new Rng(m + 7L * n + 31L * k);
                float[] a = GemmTest.random(rng, m * k);
                float[] b = GemmTest.random(rng, k * n);
                float[] c0 = GemmTest.random(rng, m * n);
                int lda = transA ? m : k;
                int ldb = transB ? k : n;
                float[] product = c0.clone();
                kernel.gemm(transA, transB, m, n, k, 1f, a, 0, lda, b, 0, ldb, 0.5f, product, 0, n);
                float[] finished = product.clone();
                for (int i = 0; i < finished.length; i++) finished[i] = 2 * finished[i] + 1;
                ParallelGemm parallel = new ParallelGemm(kernel);
                for (int threads : new int[] {1, 2, 3}) {
                    Parallel.setThreads(threads);
                    String what = kernel.name() + " " + m + "x" + n + "x" + k + " on " + threads + " threads";
                    float[] c = c0.clone();
                    java.util.concurrent.atomic.AtomicIntegerArray visits = new java.util.concurrent.atomic.AtomicIntegerArray(m);
                    java.util.concurrent.atomic.AtomicReference<String> wrong = new java.util.concurrent.atomic.AtomicReference<>();
                    parallel.gemm(transA, transB, m, n, k, 1f, a, 0, lda, b, 0, ldb, 0.5f, c, 0, n, (from, to) -> {
                        for (int i = from; i < to; i++) {
                            visits.incrementAndGet(i);
                            for (int j = 0; j < n; j++) {
                                if (Float.compare(c[i * n + j], product[i * n + j]) != 0) wrong.compareAndSet(null, "row " + i + " unfinished at column " + j);
                                c[i * n + j] = 2 * c[i * n + j] + 1;
                            }
                        }
                    });
                    assertEquals(null, wrong.get(), what);
                    for (int i = 0; i < m; i++) assertEquals(1, visits.get(i), what + ": visits of row " + i);
                    assertArrayEquals(finished, c, what);
                }
            }
        }
    }

    @Test
    void aFailingPartIsReportedToTheCaller() {
        Parallel.setThreads(2);
        assertThrows(IllegalStateException.class, () -> Parallel.run((part, parts) -> {
            if (part == 1) throw new IllegalStateException("part 1 failed");
        }, 2));
        // and the pool still works afterwards
        int[] seen = new int[2];
        Parallel.run((part, parts) -> seen[part] = part + 1, 2);
        assertArrayEquals(new int[] {1, 2}, seen);
    }
}
