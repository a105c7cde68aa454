package org.backprop4j.train;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.backprop4j.nn.Layer;
import org.backprop4j.nn.Network;

/**
 * The configurations the speed comparisons use (issue 3), trained on all 60,000 MNIST images, with the
 * peers in peers/mnist_peers.py running the very same ones.
 */
public final class BenchConfigs {
    /** The cnn config's layers (peers/mnist_peers.py builds the same network in PyTorch and numpy). */
    public static final String CNN = "conv 20 5x5 relu, maxpool 2, conv 40 5x5 relu, maxpool 2, dense 100 relu, dense 10 softmax";
    private static final Map<String, TrainConfig> CONFIGS = new LinkedHashMap<>();

    static {
        CONFIGS.put("nielsen", TrainConfig.builder().layers(784, 30, 10).activation("sigmoid").output("sigmoid").cost("quadratic")
                .init("normal").optimizer("sgd").eta(3.0f).batchSize(10).epochs(1).validation(0).build());
        CONFIGS.put("mlp100", TrainConfig.builder().layers(784, 100, 10).activation("relu").output("softmax").cost("nll")
                .init("he").optimizer("momentum").eta(0.1f).momentum(0.9f).batchSize(64).epochs(1).validation(0).build());
        CONFIGS.put("mlp800", TrainConfig.builder().layers(784, 800, 800, 10).activation("relu").output("softmax").cost("nll")
                .init("he").optimizer("momentum").eta(0.05f).momentum(0.9f).batchSize(128).epochs(1).validation(0).build());
        // LeNet as the peers build it: conv 5x5x20, ReLU, max-pool 2, conv 5x5x40, ReLU, max-pool 2, dense 640-100 ReLU, softmax
        CONFIGS.put("cnn", TrainConfig.builder().net(CNN).cost("nll").init("he").optimizer("momentum").eta(0.05f).momentum(0.9f)
                .batchSize(64).epochs(1).validation(0).build());
    }


    private BenchConfigs() {}

    public static TrainConfig get(String name) {
        TrainConfig c = CONFIGS.get(name);
        if (c == null) throw new IllegalArgumentException("unknown bench config '" + name + "' (expected one of " + names() + ")");
        return c;
    }

    public static Set<String> names() { return CONFIGS.keySet(); }

    /**
     * Floating-point operations of one training example: per layer with weights, 2 for each multiply-add
     * of its forward product and as many for its weight gradient, plus the same again for the gradient
     * it sends down on every such layer but the first (for a dense layer: 2·n_in·n_out each). Element-wise
     * work, pooling and im2col are not counted: these are the FLOPs a BLAS would be credited with.
     */
    public static double flopsPerExample(Network net) {
        double f = 0;
        boolean below = false;
        for (Layer l : net.layers()) {
            double mac = l.multiplyAdds();
            if (mac == 0) continue;
            f += 2 * mac * (below ? 3 : 2);
            below = true;
        }
        return f;
    }
}
