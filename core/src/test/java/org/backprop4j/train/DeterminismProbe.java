package org.backprop4j.train;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.backprop4j.data.Dataset;
import org.backprop4j.data.Datasets;
import org.backprop4j.loss.Cost;
import org.backprop4j.loss.Costs;
import org.backprop4j.nn.Activations;
import org.backprop4j.nn.Init;
import org.backprop4j.nn.Network;
import org.backprop4j.nn.Param;
import org.backprop4j.optim.Momentum;
import org.backprop4j.tensor.Rng;

/**
 * Trains a few small networks that between them use every kernel (forward dot tiles with k-tails,
 * full, staged and packed broadcast tiles, every activation and cost) and prints one line per network:
 * its name and the SHA-256 of its final weights; one more runs Adam, dropout, L2 and elastic distortions
 * through {@link Training}. Run in different JVM modes by ReproducibilityTest,
 * which requires the same hashes everywhere.
 */
public final class DeterminismProbe {
    private DeterminismProbe() {}

    record Case(String name, int[] sizes, String hidden, String output, String cost, int batch) {}

    static final List<Case> CASES = List.of(
            new Case("sigmoid-quadratic", new int[] {50, 20, 3}, "sigmoid", "sigmoid", "quadratic", 7),
            new Case("relu-softmax-nll", new int[] {70, 40, 10}, "relu", "softmax", "nll", 9),
            new Case("tanh-sigmoid-ce", new int[] {50, 33, 17, 4}, "tanh", "sigmoid", "cross-entropy", 5),
            new Case("softplus-softmax-quadratic", new int[] {35, 18, 6}, "softplus", "softmax", "quadratic", 8),
            new Case("identity-softmax-nll", new int[] {20, 12, 5}, "identity", "softmax", "nll", 16),
            // 300 hidden units: ∇W has 300 rows, enough for the broadcast path to pack B
            new Case("relu-wide-packed", new int[] {40, 300, 10}, "relu", "softmax", "nll", 12));

    static Dataset data(int features, int classes) {
        Rng rng = new Rng(features * 31L + classes);
        int n = 150;
        float[] x = new float[n * features];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = rng.nextInt(classes);
            for (int j = 0; j < features; j++) x[i * features + j] = (float) (rng.nextDouble() + (j % classes == y[i] ? 0.5 : 0));
        }
        return new Dataset("probe", x, y, features, classes, 0, 0);
    }

    /** Trains every case for two epochs and returns "name hash" lines. */
    public static List<String> run() throws Exception {
        List<String> lines = new ArrayList<>();
        for (Case c : CASES) {
            int[] s = c.sizes();
            Rng rng = new Rng(42);
            Network net = Network.of(s, Activations.byName(c.hidden()), Activations.byName(c.output()), Init.XAVIER, rng.fork(1));
            Cost cost = Costs.byName(c.cost());
            Trainer trainer = new Trainer(net, cost, new Momentum(0.05f, 0.9f, false), c.batch(), rng.fork(2));
            Dataset d = data(s[0], s[s.length - 1]);
            for (int e = 0; e < 2; e++) trainer.epoch(d);
            lines.add(c.name() + " " + hash(net));
        }
        lines.add("adam-dropout-l2-elastic " + hash(regularized()));
        return lines;
    }

    /**
     * The issue-4 path through Training: Adam, dropout, L2, a cosine schedule and elastic distortions
     * (Gaussian blur, bilinear resampling), which need 28×28 images.
     */
    static Network regularized() {
        Rng rng = new Rng(7);
        int n = 64;
        float[] x = new float[n * 784];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 10;
            // a bright bar whose row depends on the class, on faint noise
            for (int p = 0; p < 784; p++) x[i * 784 + p] = (float) (0.1 * rng.nextDouble() + (p / 28 == 2 + 2 * y[i] ? 0.9 : 0));
        }
        Dataset images = new Dataset("probe-images", x, y, 784, 10, 28, 28);
        TrainConfig config = TrainConfig.builder().layers(784, 24, 10).activation("relu").output("softmax").cost("nll")
                .optimizer("adam").eta(0.002f).lambda(1f).dropout(0.3f).cosine(0f).batchSize(10).epochs(2).validation(0)
                .distort("elastic").seed(3).build();
        return Training.run(config, new Datasets.Split(images, images.slice(0, 20, "probe-test")), (r, net) -> { }).network();
    }

    static String hash(Network net) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        for (Param p : net.params()) {
            ByteBuffer b = ByteBuffer.allocate(4 * p.size());
            for (float v : p.value().values()) b.putInt(Float.floatToRawIntBits(v));
            md.update(b.array());
        }
        return HexFormat.of().formatHex(md.digest()).substring(0, 16);
    }

    /** Prints the hashes; with argument N, first trains N − 1 times more so that everything gets compiled. */
    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        List<String> lines = null;
        for (int r = 0; r < rounds; r++) lines = run();
        for (String l : lines) System.out.println(l);
    }
}
