package org.backprop4j.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.backprop4j.tensor.ExecutionContext;
import org.backprop4j.data.Dataset;
import org.backprop4j.data.Datasets;
import org.backprop4j.tensor.Gemm;
import org.backprop4j.tensor.Kernels;
import org.backprop4j.tensor.LineAlignment;
import org.backprop4j.tensor.ParallelGemm;
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
 * The first layer's two products on real MNIST mini-batches (81% zero pixels), input-major with the
 * sparse-left kernel against the dense kernel in the layout of the notes:
 * <ul>
 *   <li>{@code forward}: z = x·V (sparse) against z = x·Wᵀ (dense, the dot path), m×n×784;
 *   <li>{@code gradient}: ∇V = xᵀ·δ (sparse) against ∇W = δᵀ·x (dense), 784×n×m.
 * </ul>
 * A shape is "m x n": the batch and the layer's units (mlp800: 128x800, mlp100: 64x100). The rows
 * of x are the first m training images. Needs MNIST ({@code ./backprop4j fetch mnist}; directory from
 * BACKPROP4J_DATA, default ./data). Run: java --add-modules jdk.incubator.vector -jar
 * bench/target/benchmarks.jar SparseGemm
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-XX:+IgnoreUnrecognizedVMOptions", "-XX:+UseTransparentHugePages",
        "-XX:ObjectAlignmentInBytes=64"})
public class SparseGemmBench {
    @Param({"128x800", "64x100"})
    public String shape;

    @Param({"sparse", "dense"})
    public String kernel;

    @Param({"1", "2"})
    public int threads;

    /** The vector width of both kernels: 512, or 256 (the AVX2 kernels, which run on AVX-512 machines too). */
    @Param({"512"})
    public int bits;

    private static final int K = 784;
    private Gemm gemm;
    private int m, n;
    private float[] x, w, delta, z, grad;

    @Setup(Level.Trial)
    public void setUp() {
        String[] parts = shape.split("x");
        m = Integer.parseInt(parts[0]);
        n = Integer.parseInt(parts[1]);
        ExecutionContext context = ExecutionContext.create(threads);
        gemm = ParallelGemm.over(kernel.equals("sparse") ? Kernels.vectorSparseLeftGemm(bits).orElseThrow() : Kernels.vectorGemm(bits).orElseThrow(),
                context);
        Path dir = Path.of(System.getenv().getOrDefault("BACKPROP4J_DATA", "data"), "mnist");
        Path images = dir.resolve("train-images-idx3-ubyte");
        if (!Files.exists(images)) {
            throw new IllegalStateException("SparseGemmBench needs MNIST at " + dir.toAbsolutePath() + ": run ./backprop4j fetch mnist");
        }
        Dataset d = Datasets.loadIdxPair(images, dir.resolve("train-labels-idx1-ubyte"), "mnist", 10);
        x = new float[m * K];
        d.copyRows(0, m, x);
        Rng rng = new Rng(1);
        at = Math.max(0, LineAlignment.alignedIndex());
        w = fill(rng, K * n, at); // V (K×n) for the sparse kernel, W (n×K) for the dense one: the same values
        delta = fill(rng, m * n, at);
        z = new float[at + m * n];
        grad = new float[at + K * n];
    }

    /**
     * Where the weights, δ and outputs start: on a cache line, as training holds them (the fork runs with
     * the launcher's flag); the batch x at 0, as the trainer gathers it (the kernels only broadcast from it).
     */
    private int at;

    private static float[] fill(Rng rng, int count, int at) {
        float[] v = new float[at + count];
        for (int i = at; i < at + count; i++) v[i] = (float) (rng.nextDouble() - 0.5);
        return v;
    }

    @Benchmark
    public float[] forward() {
        if (kernel.equals("sparse")) gemm.gemm(false, false, m, n, K, 1f, x, 0, K, w, at, n, 0f, z, at, n);
        else gemm.gemm(false, true, m, n, K, 1f, x, 0, K, w, at, K, 0f, z, at, n);
        return z;
    }

    @Benchmark
    public float[] gradient() {
        if (kernel.equals("sparse")) gemm.gemm(true, false, K, n, m, 1f, x, 0, K, delta, at, n, 0f, grad, at, n);
        else gemm.gemm(true, false, n, K, m, 1f, delta, at, n, x, 0, K, 0f, grad, at, K);
        return grad;
    }
}
