package org.backprop4j.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.backprop4j.tensor.ExecutionContext;
import org.backprop4j.data.Dataset;
import org.backprop4j.data.Datasets;
import org.backprop4j.data.OneHot;
import org.backprop4j.loss.Cost;
import org.backprop4j.loss.Costs;
import org.backprop4j.nn.Activations;
import org.backprop4j.nn.Dense;
import org.backprop4j.nn.Init;
import org.backprop4j.nn.Network;
import org.backprop4j.nn.Param;
import org.backprop4j.nn.Workspace;
import org.backprop4j.optim.Momentum;
import org.backprop4j.tensor.ElementWise;
import org.backprop4j.tensor.Gemm;
import org.backprop4j.tensor.Kernels;
import org.backprop4j.tensor.Rng;

/**
 * Where the time of one mlp800 training step goes, phase by phase: the bench config's network
 * (784-800-800-10 ReLU, softmax + NLL, momentum 0.9, η 0.05, batch 128, first layer input-major) trained
 * with the library's kernels called in the order {@code Trainer} calls them (the weights' gradients
 * accumulated into the velocity, then w ← w − ηv), each phase timed with System.nanoTime. Prints
 * p10 / p50 / p90 of every phase over each epoch after the first: the medians say where a step goes,
 * the spread between p50 and p90 says which phases a busy host stretches. Not JMH: a whole step's
 * caches and hand-offs are the point.
 *
 * <p>Run: {@code java --add-modules jdk.incubator.vector -XX:ObjectAlignmentInBytes=64 -cp bench/target/benchmarks.jar
 * org.backprop4j.bench.StepPhases THREADS EPOCHS [TIMELINE.csv]} (MNIST from BACKPROP4J_DATA, default ./data); with
 * a third argument, also every step's start and phases, one line per step.
 */
public final class StepPhases {
    private static final String[] PHASES = {"gather", "z1 = x V1, a1 = relu(z1 + b1)", "z2 = a1 W2^T, a2 = relu(..)",
            "output layer forward + cost", "output layer backward", "dW2 into v2", "db2", "d1 = d2 W2 * relu'(z1)",
            "db1", "dV1 into v1 (sparse)", "update (W: w, v; b: w, v, g)"};

    private StepPhases() {}

    public static void main(String[] args) throws java.io.IOException {
        if (args.length != 2 && args.length != 3) {
            System.err.println("usage: StepPhases THREADS EPOCHS [TIMELINE.csv]");
            System.exit(2);
        }
        ExecutionContext context = ExecutionContext.create(Integer.parseInt(args[0]));
        int epochs = Integer.parseInt(args[1]);
        Path dir = Path.of(System.getenv().getOrDefault("BACKPROP4J_DATA", "data"), "mnist");
        if (!Files.exists(dir.resolve("train-images-idx3-ubyte"))) {
            throw new IllegalStateException("StepPhases needs MNIST at " + dir.toAbsolutePath() + ": run ./backprop4j fetch mnist");
        }
        Dataset train = Datasets.loadIdxPair(dir.resolve("train-images-idx3-ubyte"), dir.resolve("train-labels-idx1-ubyte"), "mnist", 10);
        Network net = Network.of(new int[] {784, 800, 800, 10}, Activations.byName("relu"), Activations.byName("softmax"), Init.HE, new Rng(1));
        List<Dense> layers = net.denseLayers();
        Dense d1 = layers.get(0);
        Dense d2 = layers.get(1);
        Dense d3 = layers.get(2);
        Cost cost = Costs.byName("nll");
        ElementWise ew = Kernels.elementWise();
        Gemm gemm = context.gemm();
        Gemm sparse = context.sparseLeftGemm();
        int m = 128;
        int steps = train.size() / m;
        Workspace ws = net.workspace(m, context);
        float[][] g = ws.grads();
        List<Param> params = net.params();
        Momentum momentum = new Momentum(0.05f, 0.9f, false);
        momentum.beginStep(params); // creates the velocity, as the first step does
        float mu = momentum.accumulatorBeta();
        float[][] v = new float[params.size()][];
        boolean[] moved = new boolean[params.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = params.get(i).weight() ? momentum.accumulator(i) : null;
            moved[i] = v[i] != null;
        }
        float[] x = new float[m * 784];
        float[] y = new float[m * 10];
        int[] order = new int[train.size()];
        Rng shuffle = new Rng(2);
        d1.setInputMajor(true); // V1 = W1ᵀ, as Trainer holds it on MNIST
        float[] w1 = d1.weights().value().array();
        float[] w2 = d2.weights().value().array();
        float[] w3 = d3.weights().value().array();
        int o1 = d1.weights().value().offset(), o2 = d2.weights().value().offset(), o3 = d3.weights().value().offset();
        float[] z1 = ws.preActivations(0), a1 = ws.activations(0), z2 = ws.preActivations(1), a2 = ws.activations(1);
        float[] delta1 = ws.delta(0), delta2 = ws.delta(1), delta3 = ws.delta(2);
        int h1 = ws.offset(0), h2 = ws.offset(1); // where the hidden layers' batches start (the output layer's at 0)
        Gemm.Epilogue activate1 = d1.activationRows(z1, a1, h1), activate2 = d2.activationRows(z2, a2, h2);
        Gemm.Epilogue activate3 = d3.activationRows(ws.preActivations(2), ws.activations(2), 0);
        Gemm.Epilogue derive2 = (from, to) -> d2.activation().backward(z2, a2, delta2, h2 + from * 800, to - from, 800);
        Gemm.Epilogue derive1 = (from, to) -> d1.activation().backward(z1, a1, delta1, h1 + from * 800, to - from, 800);
        long[][] t = new long[PHASES.length][steps];
        long[] at = new long[PHASES.length + 1];
        // optional timeline: one line per step (epoch, step, start in µs since the run began, then each phase in µs),
        // to see whether slow steps come alone or in runs, and on which phases
        java.io.PrintWriter timeline = args.length == 3 ? new java.io.PrintWriter(Files.newBufferedWriter(Path.of(args[2]))) : null;
        if (timeline != null) timeline.println("epoch,step,start_us,\"" + String.join("\",\"", PHASES) + "\""); // quoted: some names hold commas
        long runStart = System.nanoTime();
        for (int e = 0; e < epochs; e++) {
            for (int i = 0; i < order.length; i++) order[i] = i;
            shuffle.shuffle(order);
            long start = System.nanoTime();
            for (int s = 0; s < steps; s++) {
                momentum.beginStep(params);
                at[0] = System.nanoTime();
                train.gather(order, s * m, m, x);
                OneHot.encode(train, order, s * m, m, 10, y);
                at[1] = System.nanoTime();
                // the bias and σ, and σ' on δ, run on each block of rows as its product ends (Gemm.Epilogue), as in Network
                sparse.gemm(false, false, m, 800, 784, 1f, x, 0, 784, w1, o1, 800, 0f, z1, h1, 800, activate1);
                at[2] = System.nanoTime();
                gemm.gemm(false, true, m, 800, 800, 1f, a1, h1, 800, w2, o2, 800, 0f, z2, h2, 800, activate2);
                at[3] = System.nanoTime();
                gemm.gemm(false, true, m, 10, 800, 1f, a2, h2, 800, w3, o3, 800, 0f, ws.preActivations(2), 0, 10, activate3); // d3.forward on the context
                cost.value(d3.activation(), ws.outputZ(), ws.output(), y, m, 10);
                cost.outputDelta(d3.activation(), ws.outputZ(), ws.output(), y, delta3, m, 10);
                at[4] = System.nanoTime();
                gemm.gemm(true, false, 10, 800, m, 1f, delta3, 0, 10, a2, h2, 800, mu, v[4], o3, 800);
                ew.columnSums(delta3, m, 10, 1f, 0f, g[5]);
                gemm.gemm(false, false, m, 800, 10, 1f, delta3, 0, 10, w3, o3, 800, 0f, delta2, h2, 800, derive2);
                at[5] = System.nanoTime();
                gemm.gemm(true, false, 800, 800, m, 1f, delta2, h2, 800, a1, h1, 800, mu, v[2], o2, 800);
                at[6] = System.nanoTime();
                ew.columnSums(delta2, h2, m, 800, 1f, 0f, g[3]);
                at[7] = System.nanoTime();
                gemm.gemm(false, false, m, 800, 800, 1f, delta2, h2, 800, w2, o2, 800, 0f, delta1, h1, 800, derive1);
                at[8] = System.nanoTime();
                ew.columnSums(delta1, h1, m, 800, 1f, 0f, g[1]);
                at[9] = System.nanoTime();
                sparse.gemm(true, false, 784, 800, m, 1f, x, 0, 784, delta1, h1, 800, mu, v[0], o1, 800);
                at[10] = System.nanoTime();
                momentum.finishStep(params, g, moved, m); // w ← fma(v, −η, w) for the weights, momentumStep for the biases
                at[11] = System.nanoTime();
                for (int p = 0; p < PHASES.length; p++) t[p][s] = at[p + 1] - at[p];
                if (timeline != null) {
                    StringBuilder line = new StringBuilder().append(e + 1).append(',').append(s).append(',').append((at[0] - runStart) / 1000);
                    for (int p = 0; p < PHASES.length; p++) line.append(',').append(t[p][s] / 1000);
                    timeline.println(line);
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            if (e == 0) {
                System.out.printf("epoch 1: %.2f s (JIT warm-up, not summarised)%n", seconds);
                continue;
            }
            System.out.printf("epoch %d: %.2f s on %d thread(s); µs per step, p10 / p50 / p90%n", e + 1, seconds, context.threads());
            long[] total = new long[steps];
            for (int p = 0; p < PHASES.length; p++) {
                for (int s = 0; s < steps; s++) total[s] += t[p][s];
                print(PHASES[p], t[p]);
            }
            print("step", total);
        }
        if (timeline != null) timeline.close();
    }

    private static void print(String name, long[] nanos) {
        long[] c = nanos.clone();
        Arrays.sort(c);
        int n = c.length;
        System.out.printf("  %-30s %7.0f %7.0f %7.0f%n", name, c[n / 10] / 1e3, c[n / 2] / 1e3, c[n * 9 / 10] / 1e3);
    }
}
