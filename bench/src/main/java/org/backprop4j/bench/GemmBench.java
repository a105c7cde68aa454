package org.backprop4j.bench;

import java.util.concurrent.TimeUnit;
import org.backprop4j.tensor.ExecutionContext;
import org.backprop4j.tensor.Gemm;
import org.backprop4j.tensor.Kernels;
import org.backprop4j.tensor.LineAlignment;
import org.backprop4j.tensor.ParallelGemm;
import org.backprop4j.tensor.PlainGemm;
import org.backprop4j.tensor.Rng;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * GEMM time for the shapes of training. A shape is "m x n x k FORM": C (m×n) = op(A)·op(B) with inner
 * dimension k; NT is the forward pass Z = A·Wᵀ, TN the weight gradient δᵀ·A, NN the input gradient δ·W.
 * GFLOP/s = 2·m·n·k / time. Run: java --add-modules jdk.incubator.vector -jar bench/target/benchmarks.jar Gemm
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-XX:+IgnoreUnrecognizedVMOptions", "-XX:+UseTransparentHugePages",
        "-XX:ObjectAlignmentInBytes=64"})
public class GemmBench {
    @Param({"10x30x784 NT", "10x10x30 NT", "10x30x10 NN", "10x30x10 TN", "30x784x10 TN", "64x100x784 NT", "100x784x64 TN", "64x784x100 NN",
            "128x800x784 NT", "800x784x128 TN", "128x800x800 NT", "800x800x128 TN", "128x800x800 NN", "1024x1024x1024 NN"})
    public String shape;

    @Param({"vector-512"})
    public String kernel;

    @Param({"1", "2"})
    public int threads;

    private Gemm gemm;
    private boolean transA, transB;
    private int m, n, k, lda, ldb;
    private float[] a, b, c;

    @Setup(Level.Trial)
    public void setUp() {
        String[] parts = shape.split("[x ]");
        m = Integer.parseInt(parts[0]);
        n = Integer.parseInt(parts[1]);
        k = Integer.parseInt(parts[2]);
        transA = parts[3].charAt(0) == 'T';
        transB = parts[3].charAt(1) == 'T';
        lda = transA ? m : k;
        ldb = transB ? k : n;
        Gemm base = switch (kernel) {
            case "plain" -> PlainGemm.INSTANCE;
            case "vector-256" -> Kernels.vectorGemm(256).orElseThrow();
            default -> Kernels.vectorGemm(512).orElseThrow();
        };
        gemm = ParallelGemm.over(base, ExecutionContext.create(threads));
        Rng rng = new Rng(1);
        at = Math.max(0, LineAlignment.alignedIndex());
        a = fill(rng, m * k, at);
        b = fill(rng, k * n, at);
        c = new float[at + m * n];
    }

    /** Where the operands' values start: on a cache line, as training holds its weights and buffers (the fork runs with the launcher's flag). */
    private int at;

    private static float[] fill(Rng rng, int n, int at) {
        float[] x = new float[at + n];
        for (int i = at; i < at + n; i++) x[i] = (float) (rng.nextDouble() - 0.5);
        return x;
    }

    @Benchmark
    public float[] gemm() {
        gemm.gemm(transA, transB, m, n, k, 1f, a, at, lda, b, at, ldb, 0f, c, at, n);
        return c;
    }
}
