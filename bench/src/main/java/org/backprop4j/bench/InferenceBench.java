package org.backprop4j.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.backprop4j.tensor.ExecutionContext;
import org.backprop4j.data.Dataset;
import org.backprop4j.data.Datasets;
import org.backprop4j.eval.Evaluation;
import org.backprop4j.eval.Evaluator;
import org.backprop4j.nn.Init;
import org.backprop4j.nn.Network;
import org.backprop4j.nn.Predictor;
import org.backprop4j.nn.ReLU;
import org.backprop4j.nn.Softmax;
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
 * Inference with the mlp100 network (784-100-10, ReLU, softmax): one image through {@link Predictor}
 * (sampled, so JMH reports the median), and the 10,000 images of a test set through {@link Evaluator}.
 * {@code pixels}: {@code mnist}, MNIST's test images (81% zeros, which the evaluator's input-major first
 * layer skips; needs {@code ./backprop4j fetch mnist}, directory from BACKPROP4J_DATA, default ./data), or
 * {@code random}, dense uniform pixels (the evaluator then runs the network as it is). Run:
 * java --add-modules jdk.incubator.vector -jar bench/target/benchmarks.jar Inference
 */
@State(Scope.Benchmark)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-XX:+IgnoreUnrecognizedVMOptions", "-XX:+UseTransparentHugePages",
        "-XX:ObjectAlignmentInBytes=64"})
public class InferenceBench {
    @Param({"1", "2"})
    public int threads;

    @Param({"mnist", "random"})
    public String pixels;

    private Predictor predictor;
    private Evaluator evaluator;
    private Dataset test;
    private float[][] images;
    private float[] out;
    private int next;

    @Setup
    public void setUp() {
        ExecutionContext context = ExecutionContext.create(threads);
        Rng rng = new Rng(1);
        Network net = Network.of(new int[] {784, 100, 10}, ReLU.INSTANCE, Softmax.INSTANCE, Init.HE, rng);
        if (pixels.equals("mnist")) {
            Path dir = Path.of(System.getenv().getOrDefault("BACKPROP4J_DATA", "data"), "mnist");
            Path images = dir.resolve("t10k-images-idx3-ubyte");
            if (!Files.exists(images)) {
                throw new IllegalStateException("InferenceBench needs MNIST at " + dir.toAbsolutePath() + ": run ./backprop4j fetch mnist");
            }
            test = Datasets.loadIdxPair(images, dir.resolve("t10k-labels-idx1-ubyte"), "mnist-test", 10);
        } else {
            int n = 10_000;
            float[] x = new float[n * 784];
            int[] labels = new int[n];
            for (int i = 0; i < x.length; i++) x[i] = (float) rng.nextDouble();
            for (int i = 0; i < n; i++) labels[i] = rng.nextInt(10);
            test = new Dataset("random", x, labels, 784, 10, 28, 28);
        }
        images = new float[256][];
        for (int i = 0; i < images.length; i++) images[i] = test.row(i);
        predictor = new Predictor(net, context);
        evaluator = new Evaluator(net, context);
        out = new float[10];
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public int predictOne() {
        next = (next + 1) & 255;
        return predictor.predict(images[next], out);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public Evaluation evaluate10k() {
        return evaluator.evaluate(test, null);
    }
}
