package org.backprop4j.train;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Named, seeded configurations: each result we quote is one of these, so anyone can rerun it.
 */
public final class Presets {
    private static final Map<String, TrainConfig> PRESETS = new LinkedHashMap<>();

    static {
        // Nielsen ch. 1: net = Network([784, 30, 10]); net.SGD(training_data, 30, 10, 3.0, test_data),
        // sigmoid everywhere, quadratic cost, N(0,1) weights and biases, 50,000 training images.
        // Its final test accuracy depends on the seed: 94.7-95.5% for seeds 1-10, except seed 4, where
        // output neurons saturate and it stalls at 84% (the weakness of N(0,1) weights with the quadratic
        // cost that Nielsen's chapter 3 addresses). Seed 10 (95.46%) is the one we quote; NielsenPresetTest
        // re-checks it, so a change to the arithmetic that moves it is noticed.
        PRESETS.put("nielsen", new TrainConfig(new int[] {784, 30, 10}, "sigmoid", "sigmoid", "quadratic", "normal",
                3.0f, 10, 30, 10, 0, 10_000, "sgd", 0f));
        // The default network: ReLU hidden layer, softmax output with negative log-likelihood, He init,
        // SGD with momentum.
        PRESETS.put("default", new TrainConfig(new int[] {784, 100, 10}, "relu", "softmax", "nll", "auto",
                0.05f, 32, 30, 1, 0, 10_000, "momentum", 0.9f));
    }

    private Presets() {}

    public static TrainConfig get(String name) {
        TrainConfig c = PRESETS.get(name);
        if (c == null) throw new IllegalArgumentException("unknown preset '" + name + "' (expected one of " + names() + ")");
        return c;
    }

    public static Set<String> names() { return PRESETS.keySet(); }
}
