package org.backprop4j.bench;

import java.util.concurrent.TimeUnit;
import org.backprop4j.tensor.ConvGeometry;
import org.backprop4j.tensor.Gemm;
import org.backprop4j.tensor.Im2col;
import org.backprop4j.tensor.Im2colConvolution;
import org.backprop4j.tensor.Kernels;
import org.backprop4j.tensor.MaxPool2x2;
import org.backprop4j.tensor.PlainGemm;
import org.backprop4j.tensor.PlainIm2col;
import org.backprop4j.tensor.PlainMaxPool2x2;
import org.backprop4j.tensor.Rng;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One group of 8 examples through LeNet's convolutions (bench --config cnn), on one thread: the forward
 * products (im2col and z = W·col per example), the backward ones (im2col again, ∇W and ∇b of the group,
 * ∂C/∂x per example through col2im), and the 2 × 2 max-pooling that follows each, forward (keeping the
 * argmax) and backward. GFLOP/s = 2·(multiply-adds) / time. Run:
 * java --add-modules jdk.incubator.vector -jar bench/target/benchmarks.jar Conv
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-XX:+IgnoreUnrecognizedVMOptions", "-XX:+UseTransparentHugePages",
        "-XX:ObjectAlignmentInBytes=64"})
public class ConvBench {
    /** c_in, h, w, c_out: LeNet's first and second layers, 5 × 5 kernels, no padding. */
    @Param({"1x28x28 20", "20x12x12 40"})
    public String layer;

    @Param({"vector", "plain"})
    public String kernel;

    static final int GROUP = 8;
    private ConvGeometry g;
    private Im2colConvolution conv;
    private MaxPool2x2 pool;
    private float[] x, w, z, delta, gw, gb, gx, col, dgroup, gcol, pooled, dpooled, gz;
    private byte[] argmax;

    @Setup
    public void setUp() {
        String[] p = layer.split("[x ]");
        g = ConvGeometry.of(Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2]), Integer.parseInt(p[3]), 5, 5, 1, false);
        boolean vector = kernel.equals("vector");
        Gemm gemm = vector ? Kernels.vectorGemm(512).orElseThrow() : PlainGemm.INSTANCE;
        Im2col columns = vector ? Kernels.vectorIm2col().orElseThrow() : PlainIm2col.INSTANCE;
        pool = vector ? Kernels.vectorMaxPool2x2().orElseThrow() : PlainMaxPool2x2.INSTANCE;
        conv = new Im2colConvolution(g, gemm, columns);
        Rng rng = new Rng(1);
        x = fill(rng, GROUP * g.inputSize());
        w = fill(rng, g.outChannels() * g.patch());
        delta = fill(rng, GROUP * g.outputSize());
        z = new float[GROUP * g.outputSize()];
        gw = new float[w.length];
        gb = new float[g.outChannels()];
        gx = new float[x.length];
        col = new float[g.patch() * GROUP * g.positions()];
        dgroup = new float[g.outChannels() * GROUP * g.positions()];
        gcol = new float[g.patch() * g.positions()];
        pooled = new float[z.length / 4];
        dpooled = fill(rng, pooled.length);
        gz = new float[z.length];
        argmax = new byte[pooled.length];
    }

    private static float[] fill(Rng rng, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) (rng.nextDouble() - 0.5);
        return v;
    }

    @Benchmark
    public float[] forward() {
        conv.forward(x, 0, 0, GROUP, w, 0, z, 0, col);
        return z;
    }

    @Benchmark
    public float[] backward() {
        conv.backward(x, 0, 0, GROUP, delta, 0, w, 0, gw, 0, gb, 0, gx, 0, col, dgroup, gcol);
        return gx;
    }

    @Benchmark
    public float[] poolForward() {
        pool.forward(delta, 0, pooled, 0, argmax, 0, GROUP * g.outChannels(), g.outHeight(), g.outWidth());
        return pooled;
    }

    @Benchmark
    public float[] poolBackward() {
        pool.backward(argmax, 0, dpooled, 0, gz, 0, GROUP * g.outChannels(), g.outHeight(), g.outWidth());
        return gz;
    }
}
