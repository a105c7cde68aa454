package org.backprop4j.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Splitting a GEMM over threads must give exactly the single-threaded bits, for any thread count. */
class ParallelGemmTest {
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
        Product p = Product.random(transA, transB, m, n, k);
        float[] single = p.run(kernel, beta, null);
        for (int threads : new int[] {2, 3, 4, 7}) {
            try (ExecutionContext context = ExecutionContext.create(threads)) {
                ParallelGemm parallel = ParallelGemm.over(kernel, context);
                assertArrayEquals(single, p.run(parallel, beta, null), kernel.name() + " with " + threads + " threads");
            }
        }
    }

    /** A product's operands, drawn from a seed made of its shape: op(A) m×k, op(B) k×n and C's values before the call. */
    record Product(boolean transA, boolean transB, int m, int n, int k, float[] a, float[] b, float[] c0) {
        static Product random(boolean transA, boolean transB, int m, int n, int k) {
            Rng rng = new Rng(m + 7L * n + 31L * k);
            float[] a = GemmTest.random(rng, m * k);
            float[] b = GemmTest.random(rng, k * n);
            return new Product(transA, transB, m, n, k, a, b, GemmTest.random(rng, m * n));
        }

        /** C ← op(A)·op(B) + β·C on a copy of c0, then the epilogue (if not null) as the kernel runs it. */
        float[] run(Gemm kernel, float beta, java.util.function.Function<float[], Gemm.Epilogue> epilogueOfC) {
            float[] c = c0.clone();
            kernel.gemm(transA, transB, m, n, k, 1f, a, 0, transA ? m : k, b, 0, transB ? k : n, beta, c, 0, n,
                    epilogueOfC == null ? null : epilogueOfC.apply(c));
            return c;
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
                Product p = Product.random(sh[3] == 1, sh[4] == 1, sh[0], sh[1], sh[2]);
                for (int i = 0; i < p.a().length; i += 3) p.a()[i] = 0f;
                float[] single = p.run(kernel, 0.9f, null);
                String what = kernel.name() + " " + p.m() + "x" + p.n() + "x" + p.k();
                try (ExecutionContext two = ExecutionContext.create(2)) {
                    ParallelGemm parallel = ParallelGemm.over(kernel, two);
                    for (boolean stealing : new boolean[] {true, false}) {
                        parallel.setStealing(stealing);
                        assertArrayEquals(single, p.run(parallel, 0.9f, null), what + ", stealing " + stealing);
                    }
                    parallel.setStealing(true);
                    float[][] c = new float[1][];
                    two.run((part, parts) -> {
                        if (part == 0) c[0] = p.run(parallel, 0.9f, null);
                    }, 2);
                    assertArrayEquals(single, c[0], what + ", every block on one thread");
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
                Product p = Product.random(sh[3] == 1, sh[4] == 1, sh[0], sh[1], sh[2]);
                int m = p.m(), n = p.n();
                float[] product = p.run(kernel, 0.5f, null);
                float[] finished = product.clone();
                for (int i = 0; i < finished.length; i++) finished[i] = 2 * finished[i] + 1;
                for (int threads : new int[] {1, 2, 3}) {
                    ExecutionContext context = ExecutionContext.create(threads);
                    ParallelGemm parallel = ParallelGemm.over(kernel, context);
                    String what = kernel.name() + " " + m + "x" + n + "x" + p.k() + " on " + threads + " threads";
                    java.util.concurrent.atomic.AtomicIntegerArray visits = new java.util.concurrent.atomic.AtomicIntegerArray(m);
                    java.util.concurrent.atomic.AtomicReference<String> wrong = new java.util.concurrent.atomic.AtomicReference<>();
                    float[] c = p.run(parallel, 0.5f, into -> (from, to) -> {
                        for (int i = from; i < to; i++) {
                            visits.incrementAndGet(i);
                            for (int j = 0; j < n; j++) {
                                if (Float.compare(into[i * n + j], product[i * n + j]) != 0) wrong.compareAndSet(null, "row " + i + " unfinished at column " + j);
                                into[i * n + j] = 2 * into[i * n + j] + 1;
                            }
                        }
                    });
                    assertEquals(null, wrong.get(), what);
                    for (int i = 0; i < m; i++) assertEquals(1, visits.get(i), what + ": visits of row " + i);
                    assertArrayEquals(finished, c, what);
                    context.close();
                }
            }
        }
    }

    @Test
    void aFailingPartIsReportedToTheCaller() {
        ExecutionContext two = ExecutionContext.create(2);
        assertThrows(IllegalStateException.class, () -> two.run((part, parts) -> {
            if (part == 1) throw new IllegalStateException("part 1 failed");
        }, 2));
        // and the pool still works afterwards
        int[] seen = new int[2];
        two.run((part, parts) -> seen[part] = part + 1, 2);
        assertArrayEquals(new int[] {1, 2}, seen);
        two.close();
        // and after close, the parts run on the calling thread
        int[] after = new int[2];
        two.run((part, parts) -> after[part] = part + 1, 2);
        assertArrayEquals(new int[] {1, 2}, after);
    }
}
