package org.backprop4j.train;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The configurations the speed comparisons use (issue 3), trained on all 60,000 MNIST images, with the
 * peers in peers/mnist_peers.py running the very same ones.
 */
public final class BenchConfigs {
    private static final Map<String, TrainConfig> CONFIGS = new LinkedHashMap<>();

    static {
        CONFIGS.put("nielsen", TrainConfig.builder().layers(784, 30, 10).activation("sigmoid").output("sigmoid").cost("quadratic")
                .init("normal").optimizer("sgd").eta(3.0f).batchSize(10).epochs(1).validation(0).build());
        CONFIGS.put("mlp100", TrainConfig.builder().layers(784, 100, 10).activation("relu").output("softmax").cost("nll")
                .init("he").optimizer("momentum").eta(0.1f).momentum(0.9f).batchSize(64).epochs(1).validation(0).build());
        CONFIGS.put("mlp800", TrainConfig.builder().layers(784, 800, 800, 10).activation("relu").output("softmax").cost("nll")
                .init("he").optimizer("momentum").eta(0.05f).momentum(0.9f).batchSize(128).epochs(1).validation(0).build());
    }

    private BenchConfigs() {}

    public static TrainConfig get(String name) {
        TrainConfig c = CONFIGS.get(name);
        if (c == null) throw new IllegalArgumentException("unknown bench config '" + name + "' (expected one of " + names() + ")");
        return c;
    }

    public static Set<String> names() { return CONFIGS.keySet(); }

    /**
     * Floating-point operations of one training step on a mini-batch of m: per layer 2·m·n_in·n_out for
     * the forward product and as many for ∇W, plus the same again for δ·W on every layer but the first.
     * Element-wise work is not counted: these are the FLOPs a BLAS would be credited with.
     */
    public static double flopsPerExample(int[] sizes) {
        double f = 0;
        for (int l = 1; l < sizes.length; l++) {
            double mac = (double) sizes[l - 1] * sizes[l];
            f += 2 * mac * (l == 1 ? 2 : 3);
        }
        return f;
    }
}
