package org.backprop4j.train;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.backprop4j.loss.Cost;
import org.backprop4j.loss.Costs;
import org.backprop4j.nn.Activation;
import org.backprop4j.nn.Activations;
import org.backprop4j.nn.Init;
import org.backprop4j.nn.Network;
import org.backprop4j.optim.Momentum;
import org.backprop4j.optim.Optimizer;
import org.backprop4j.optim.Sgd;
import org.backprop4j.tensor.Rng;

/**
 * Everything that defines a training run. Two runs with equal configs (and the same data) produce the
 * same weights: the seed fixes initialization and the order of mini-batches.
 *
 * @param layers      layer sizes, input first, e.g. 784,30,10
 * @param activation  hidden-layer activation name
 * @param output      output-layer activation name
 * @param cost        cost name
 * @param init        initializer name, or "auto" (He for ReLU/softplus, Xavier otherwise)
 * @param eta         learning rate η
 * @param batchSize   mini-batch size m
 * @param epochs      passes over the training data
 * @param seed        the seed of every random choice
 * @param limit       train on at most this many examples (0: all)
 * @param validation  examples held out from the end of the training set for validation (0: none)
 * @param optimizer   sgd, momentum or nesterov
 * @param momentum    μ for momentum and nesterov
 */
public record TrainConfig(int[] layers, String activation, String output, String cost, String init,
                          float eta, int batchSize, int epochs, long seed, int limit, int validation,
                          String optimizer, float momentum) {

    public TrainConfig {
        layers = layers.clone();
        if (layers.length < 2) throw new IllegalArgumentException("--layers needs at least an input and an output size");
        for (int s : layers) if (s <= 0) throw new IllegalArgumentException("--layers sizes must be positive: " + Arrays.toString(layers));
        if (!(eta > 0) || !Float.isFinite(eta)) throw new IllegalArgumentException("--eta must be a positive number, got " + eta);
        if (batchSize <= 0) throw new IllegalArgumentException("--batch-size must be positive, got " + batchSize);
        if (epochs < 0) throw new IllegalArgumentException("--epochs must be 0 or more, got " + epochs);
        if (limit < 0) throw new IllegalArgumentException("--limit must be 0 (all) or positive, got " + limit);
        if (validation < 0) throw new IllegalArgumentException("--validation must be 0 or positive, got " + validation);
        if (!(momentum >= 0 && momentum < 1)) throw new IllegalArgumentException("--momentum must be in [0, 1), got " + momentum);
        Activations.byName(activation);
        Activations.byName(output);
        Costs.byName(cost);
        if (!init.equals("auto")) Init.byName(init);
        optimizer(); // validates the name
    }

    @Override
    public int[] layers() { return layers.clone(); }

    public Activation hiddenActivation() { return Activations.byName(activation); }

    public Activation outputActivation() { return Activations.byName(output); }

    public Cost costFunction() { return Costs.byName(cost); }

    public Init initializer() { return init.equals("auto") ? Init.suitedTo(hiddenActivation()) : Init.byName(init); }

    public Network newNetwork(Rng rng) {
        return Network.of(layers, hiddenActivation(), outputActivation(), initializer(), rng);
    }

    public Optimizer newOptimizer() {
        return switch (optimizer) {
            case "sgd" -> new Sgd(eta);
            case "momentum" -> new Momentum(eta, momentum, false);
            case "nesterov" -> new Momentum(eta, momentum, true);
            default -> throw new IllegalArgumentException("--optimizer must be sgd, momentum or nesterov, got '" + optimizer + "'");
        };
    }

    public TrainConfig withLayers(int[] v) { return new TrainConfig(v, activation, output, cost, init, eta, batchSize, epochs, seed, limit, validation, optimizer, momentum); }

    public TrainConfig withEpochs(int v) { return new TrainConfig(layers, activation, output, cost, init, eta, batchSize, v, seed, limit, validation, optimizer, momentum); }

    public TrainConfig withLimit(int v) { return new TrainConfig(layers, activation, output, cost, init, eta, batchSize, epochs, seed, v, validation, optimizer, momentum); }

    public TrainConfig withValidation(int v) { return new TrainConfig(layers, activation, output, cost, init, eta, batchSize, epochs, seed, limit, v, optimizer, momentum); }

    public TrainConfig withSeed(long v) { return new TrainConfig(layers, activation, output, cost, init, eta, batchSize, epochs, v, limit, validation, optimizer, momentum); }

    /** The config as ordered key/values, for metrics files, model metadata and logs. */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("layers", layersString());
        m.put("activation", activation);
        m.put("output", output);
        m.put("cost", cost);
        m.put("init", initializer().cliName());
        m.put("optimizer", optimizer);
        m.put("eta", eta);
        if (!optimizer.equals("sgd")) m.put("momentum", momentum);
        m.put("batch_size", batchSize);
        m.put("epochs", epochs);
        m.put("seed", seed);
        m.put("limit", limit);
        m.put("validation", validation);
        return m;
    }

    public String layersString() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < layers.length; i++) sb.append(i == 0 ? "" : ",").append(layers[i]);
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrainConfig t && Arrays.equals(layers, t.layers) && describe().equals(t.describe());
    }

    @Override
    public int hashCode() { return describe().hashCode(); }

    @Override
    public String toString() { return "TrainConfig" + describe(); }
}
