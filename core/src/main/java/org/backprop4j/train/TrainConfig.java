package org.backprop4j.train;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.backprop4j.SettingException;
import org.backprop4j.loss.Cost;
import org.backprop4j.loss.Costs;
import org.backprop4j.nn.Activation;
import org.backprop4j.nn.Activations;
import org.backprop4j.nn.Init;
import org.backprop4j.nn.NetBuilder;
import org.backprop4j.nn.NetSpec;
import org.backprop4j.nn.Network;
import org.backprop4j.nn.Shape;
import org.backprop4j.nn.Softmax;
import org.backprop4j.optim.Adam;
import org.backprop4j.optim.Momentum;
import org.backprop4j.optim.Optimizer;
import org.backprop4j.optim.Regularization;
import org.backprop4j.optim.Schedule;
import org.backprop4j.optim.Sgd;
import org.backprop4j.tensor.Rng;

/**
 * Everything that defines a training run; immutable, built with {@link #builder()}. Two runs with equal
 * configs on the same data produce the same weights, bit for bit: the seed fixes initialization, the
 * order of mini-batches, dropout masks and data distortions.
 */
public final class TrainConfig {
    private final int[] layers;
    /** The layers in the form of {@link NetSpec} ("conv 20 5x5 relu, …"), or "" for the dense stack of {@code layers}. */
    private final String net;
    private final String activation, output, cost, init, optimizer, schedule, expand, distort;
    private final float eta, momentum, beta1, beta2, epsilon, lambda, l1, dropout, gamma, etaMin;
    /** The fraction of the training examples held out for validation, or 0 when {@code validation} counts them. */
    private final float validationFraction;
    private final int batchSize, epochs, limit, validation, stepSize, patience, plateauPatience, halvings, shift;
    private final long seed;

    private TrainConfig(Builder b) {
        layers = b.layers.clone();
        net = b.net.trim();
        activation = b.activation.toLowerCase(Locale.ROOT);
        output = b.output.toLowerCase(Locale.ROOT);
        cost = b.cost.toLowerCase(Locale.ROOT);
        init = b.init.toLowerCase(Locale.ROOT);
        optimizer = b.optimizer.toLowerCase(Locale.ROOT);
        schedule = b.schedule.toLowerCase(Locale.ROOT);
        expand = b.expand.toLowerCase(Locale.ROOT);
        distort = b.distort.toLowerCase(Locale.ROOT);
        eta = b.eta;
        momentum = b.momentum;
        beta1 = b.beta1;
        beta2 = b.beta2;
        epsilon = b.epsilon;
        lambda = b.lambda;
        l1 = b.l1;
        dropout = b.dropout;
        gamma = b.gamma;
        etaMin = b.etaMin;
        batchSize = b.batchSize;
        epochs = b.epochs;
        limit = b.limit;
        validation = b.validation;
        validationFraction = b.validationFraction;
        stepSize = b.stepSize;
        patience = b.patience;
        plateauPatience = b.plateauPatience;
        halvings = b.halvings;
        shift = b.shift;
        seed = b.seed;
        validate();
    }

    private void validate() {
        if (!net.isEmpty()) setting("net", () -> NetSpec.parse(net));
        if (layers.length < 2) throw new SettingException("layers", "{setting} needs at least an input and an output size");
        for (int s : layers) if (s <= 0) throw new SettingException("layers", "{setting} sizes must be positive: " + Arrays.toString(layers));
        positive("eta", eta);
        if (batchSize <= 0) throw new SettingException("batchSize", "{setting} must be positive, got " + batchSize);
        if (epochs < 0) throw new SettingException("epochs", "{setting} must be 0 or more, got " + epochs);
        if (limit < 0) throw new SettingException("limit", "{setting} must be 0 (all) or positive, got " + limit);
        if (validation < 0 && validation != AUTO_VALIDATION) throw new SettingException("validation", "{setting} must be 0 or positive, got " + validation);
        if (!(validationFraction >= 0 && validationFraction < 1)) {
            throw new SettingException("validationFraction", "{setting} must be in [0, 1), got " + validationFraction);
        }
        if (!(momentum >= 0 && momentum < 1)) throw new SettingException("momentum", "{setting} must be in [0, 1), got " + momentum);
        if (!(beta1 >= 0 && beta1 < 1)) throw new SettingException("beta1", "Adam's {setting} must be in [0, 1), got " + beta1);
        if (!(beta2 >= 0 && beta2 < 1)) throw new SettingException("beta2", "Adam's {setting} must be in [0, 1), got " + beta2);
        positive("epsilon", epsilon);
        if (!(lambda >= 0)) throw new SettingException("lambda", "{setting} must be 0 or positive, got " + lambda);
        if (!(l1 >= 0)) throw new SettingException("l1", "{setting} must be 0 or positive, got " + l1);
        if (!(dropout >= 0 && dropout < 1)) throw new SettingException("dropout", "{setting} must be in [0, 1), got " + dropout);
        if (patience < 0) throw new SettingException("patience", "{setting} must be 0 or positive, got " + patience);
        if (plateauPatience < 0) throw new SettingException("plateauPatience", "{setting} must be 0 or positive, got " + plateauPatience);
        if (halvings < 0) throw new SettingException("halvings", "{setting} must be 0 or positive, got " + halvings);
        if (setting("activation", () -> Activations.byName(activation)) instanceof Softmax && !hasNet()) {
            throw new SettingException("activation", "{setting} softmax: softmax can only be the output layer's activation");
        }
        setting("output", () -> Activations.byName(output));
        setting("cost", () -> Costs.byName(cost));
        if (!init.equals("auto")) setting("init", () -> Init.byName(init));
        setting("optimizer", this::newOptimizer);
        setting("schedule", this::newSchedule);
        if (!expand.equals("none") && !expand.equals("shifts")) throw new SettingException("expand", "{setting} must be none or shifts, got '" + expand + "'");
        if (shift < 0) throw new SettingException("shift", "{setting} must be 0 or more pixels, got " + shift);
        if (!distort.equals("none") && !distort.equals("affine") && !distort.equals("elastic")) {
            throw new SettingException("distort", "{setting} must be none, affine or elastic, got '" + distort + "'");
        }
    }

    /** The value a parse of the named setting gives; its error, as the setting's. */
    private static <T> T setting(String name, java.util.function.Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw new SettingException(name, "{setting}: " + e.getMessage());
        }
    }

    private static void setting(String name, Runnable parse) {
        setting(name, () -> { parse.run(); return null; });
    }

    private static void positive(String name, float v) {
        if (!(v > 0) || !Float.isFinite(v)) throw new SettingException(name, "{setting} must be a positive number, got " + v);
    }

    public static Builder builder() { return new Builder(); }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.layers = layers.clone();
        b.net = net;
        b.activation = activation;
        b.output = output;
        b.cost = cost;
        b.init = init;
        b.optimizer = optimizer;
        b.schedule = schedule;
        b.expand = expand;
        b.distort = distort;
        b.eta = eta;
        b.momentum = momentum;
        b.beta1 = beta1;
        b.beta2 = beta2;
        b.epsilon = epsilon;
        b.lambda = lambda;
        b.l1 = l1;
        b.dropout = dropout;
        b.gamma = gamma;
        b.etaMin = etaMin;
        b.batchSize = batchSize;
        b.epochs = epochs;
        b.limit = limit;
        b.validation = validation;
        b.validationFraction = validationFraction;
        b.stepSize = stepSize;
        b.patience = patience;
        b.plateauPatience = plateauPatience;
        b.halvings = halvings;
        b.shift = shift;
        b.seed = seed;
        return b;
    }

    // ----------------------------------------------------------------- accessors

    /** The sizes of a dense stack, input first (what {@code --layers} gives); see {@link #net()}. */
    public int[] layers() { return layers.clone(); }

    /** The layers in the form of {@link NetSpec}, or "" when the network is the dense stack of {@link #layers()}. */
    public String net() { return net; }

    /** Whether the network is given by {@link #net()} rather than by {@link #layers()}. */
    public boolean hasNet() { return !net.isEmpty(); }

    public String activation() { return activation; }

    public String output() { return output; }

    public String cost() { return cost; }

    public String init() { return init; }

    public String optimizer() { return optimizer; }

    public String schedule() { return schedule; }

    public String expand() { return expand; }

    public String distort() { return distort; }

    /** Random translations of the training images every epoch, up to this many pixels each way (0: none). */
    public int shift() { return shift; }

    public float eta() { return eta; }

    public float momentum() { return momentum; }

    public float lambda() { return lambda; }

    public float l1() { return l1; }

    public float dropout() { return dropout; }

    public int batchSize() { return batchSize; }

    public int epochs() { return epochs; }

    public int limit() { return limit; }

    /** Examples held out for validation, or {@link #AUTO_VALIDATION}; see {@link #validationFraction()}. */
    public int validation() { return validation; }

    /** The fraction of the training examples held out for validation; 0 when {@link #validation()} gives their number. */
    public float validationFraction() { return validationFraction; }

    /** The validation setting that holds out a sixth of the training examples, at most 10,000 ({@link #validationFor}). */
    public static final int AUTO_VALIDATION = -1;

    /** The examples to hold out of n: the setting, or for {@link #AUTO_VALIDATION} n/6 up to 10,000 (MNIST's 60,000: 10,000, as Nielsen). */
    public int validationFor(int n) {
        if (validationFraction > 0) return (int) Math.round((double) n * validationFraction);
        return validation == AUTO_VALIDATION ? Math.min(10_000, n / 6) : validation;
    }

    /** Early stopping: stop when validation accuracy has not improved for this many epochs (0: never). */
    public int patience() { return patience; }

    public long seed() { return seed; }

    // ----------------------------------------------------------------- what the config builds

    public Activation hiddenActivation() { return Activations.byName(activation); }

    public Activation outputActivation() { return Activations.byName(output); }

    public Cost costFunction() { return Costs.byName(cost); }

    /** The initialization of a dense stack; for a {@link #net()}, "auto" picks per network ({@link NetSpec#autoInit}). */
    public Init initializer() { return init.equals("auto") ? Init.suitedTo(hiddenActivation()) : Init.byName(init); }

    /**
     * The network of this config for inputs of the given shape, initialized from rng: the layers of
     * {@link #net()}, or the dense stack of {@link #layers()} (whose first size must be the input's),
     * with a dropout layer after each hidden layer when {@link #dropout()} is set.
     */
    public Network newNetwork(Shape input, Rng rng) {
        if (hasNet()) return NetSpec.build(net, input, init.equals("auto") ? null : Init.byName(init), rng);
        if (layers[0] != input.size()) {
            throw new SettingException("layers", "{setting} starts with " + layers[0] + " inputs but the data has " + input.size() + " features per example");
        }
        return Network.mlp(layers, hiddenActivation(), outputActivation(), initializer(), rng, dropout);
    }

    public Optimizer newOptimizer() {
        return switch (optimizer) {
            case "sgd" -> new Sgd(eta);
            case "momentum" -> new Momentum(eta, momentum, false);
            case "nesterov" -> new Momentum(eta, momentum, true);
            case "adam" -> new Adam(eta, beta1, beta2, epsilon);
            default -> throw new SettingException("optimizer", "{setting} must be sgd, momentum, nesterov or adam, got '" + optimizer + "'");
        };
    }

    /** L2 and L1 penalties on the weights (never the biases), scaled by 1/n for n training examples. */
    public Regularization regularization(int trainingExamples) {
        return new Regularization(lambda, l1, trainingExamples);
    }

    public Schedule newSchedule() {
        return switch (schedule) {
            case "none" -> Schedule.constant();
            case "step" -> Schedule.step(stepSize, gamma);
            case "cosine" -> Schedule.cosine(epochs, etaMin);
            case "plateau" -> Schedule.plateau(plateauPatience, halvings);
            default -> throw new SettingException("schedule", "{setting} must be none, step, cosine or plateau, got '" + schedule + "'");
        };
    }

    public TrainConfig withEpochs(int v) { return toBuilder().epochs(v).build(); }

    public TrainConfig withLimit(int v) { return toBuilder().limit(v).build(); }

    public TrainConfig withSeed(long v) { return toBuilder().seed(v).build(); }

    /** The config as ordered key/values, for metrics files, model metadata and logs (defaults left out). */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        if (hasNet()) {
            m.put("net", net);
        } else {
            m.put("layers", layersString());
            m.put("activation", activation);
            m.put("output", output);
        }
        m.put("cost", cost);
        m.put("init", hasNet() ? init : initializer().cliName());
        m.put("optimizer", optimizer);
        m.put("eta", eta);
        if (optimizer.equals("momentum") || optimizer.equals("nesterov")) m.put("momentum", momentum);
        if (optimizer.equals("adam")) {
            m.put("beta1", beta1);
            m.put("beta2", beta2);
            m.put("epsilon", epsilon);
        }
        if (lambda > 0) m.put("lambda", lambda);
        if (l1 > 0) m.put("l1", l1);
        if (dropout > 0 && !hasNet()) m.put("dropout", dropout);
        m.put("schedule", schedule);
        if (schedule.equals("step")) {
            m.put("step_size", stepSize);
            m.put("gamma", gamma);
        }
        if (schedule.equals("cosine")) m.put("eta_min", etaMin);
        if (schedule.equals("plateau")) {
            m.put("plateau_patience", plateauPatience);
            m.put("halvings", halvings);
        }
        m.put("batch_size", batchSize);
        m.put("epochs", epochs);
        if (patience > 0) m.put("patience", patience);
        m.put("seed", seed);
        m.put("limit", limit);
        m.put("validation", validationFraction > 0 ? validationFraction * 100 + "%" : validation == AUTO_VALIDATION ? "auto" : validation);
        if (!expand.equals("none")) m.put("expand", expand);
        if (!distort.equals("none")) m.put("distort", distort);
        if (shift > 0) m.put("shift", shift);
        return m;
    }

    /** Every setting, defaults included, as strings: what a checkpoint stores to rebuild the config. */
    public Map<String, String> toMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("layers", layersString());
        if (hasNet()) m.put("net", net);
        m.put("activation", activation);
        m.put("output", output);
        m.put("cost", cost);
        m.put("init", init);
        m.put("optimizer", optimizer);
        m.put("schedule", schedule);
        m.put("expand", expand);
        m.put("distort", distort);
        if (shift > 0) m.put("shift", Integer.toString(shift));
        m.put("eta", Float.toString(eta));
        m.put("momentum", Float.toString(momentum));
        m.put("beta1", Float.toString(beta1));
        m.put("beta2", Float.toString(beta2));
        m.put("epsilon", Float.toString(epsilon));
        m.put("lambda", Float.toString(lambda));
        m.put("l1", Float.toString(l1));
        m.put("dropout", Float.toString(dropout));
        m.put("gamma", Float.toString(gamma));
        m.put("eta_min", Float.toString(etaMin));
        m.put("batch_size", Integer.toString(batchSize));
        m.put("epochs", Integer.toString(epochs));
        m.put("limit", Integer.toString(limit));
        m.put("validation", Integer.toString(validation));
        if (validationFraction > 0) m.put("validation_fraction", Float.toString(validationFraction));
        m.put("step_size", Integer.toString(stepSize));
        m.put("patience", Integer.toString(patience));
        m.put("plateau_patience", Integer.toString(plateauPatience));
        m.put("halvings", Integer.toString(halvings));
        m.put("seed", Long.toString(seed));
        return m;
    }

    /** The inverse of {@link #toMap()}; keys it does not know are an error, missing keys keep their defaults. */
    public static TrainConfig fromMap(Map<String, String> m) {
        Builder b = builder();
        for (Map.Entry<String, String> e : m.entrySet()) {
            String v = e.getValue();
            switch (e.getKey()) {
                case "layers" -> b.layers(Arrays.stream(v.split(",")).mapToInt(Integer::parseInt).toArray());
                case "net" -> b.net(v);
                case "activation" -> b.activation(v);
                case "output" -> b.output(v);
                case "cost" -> b.cost(v);
                case "init" -> b.init(v);
                case "optimizer" -> b.optimizer(v);
                case "schedule" -> b.schedule(v);
                case "expand" -> b.expand(v);
                case "distort" -> b.distort(v);
                case "shift" -> b.shift(Integer.parseInt(v));
                case "eta" -> b.eta(Float.parseFloat(v));
                case "momentum" -> b.momentum(Float.parseFloat(v));
                case "beta1" -> b.beta1 = Float.parseFloat(v);
                case "beta2" -> b.beta2 = Float.parseFloat(v);
                case "epsilon" -> b.epsilon = Float.parseFloat(v);
                case "lambda" -> b.lambda(Float.parseFloat(v));
                case "l1" -> b.l1(Float.parseFloat(v));
                case "dropout" -> b.dropout(Float.parseFloat(v));
                case "gamma" -> b.gamma = Float.parseFloat(v);
                case "eta_min" -> b.etaMin = Float.parseFloat(v);
                case "batch_size" -> b.batchSize(Integer.parseInt(v));
                case "epochs" -> b.epochs(Integer.parseInt(v));
                case "limit" -> b.limit(Integer.parseInt(v));
                case "validation" -> b.validation = Integer.parseInt(v);
                case "validation_fraction" -> b.validationFraction = Float.parseFloat(v);
                case "step_size" -> b.stepSize = Integer.parseInt(v);
                case "patience" -> b.patience(Integer.parseInt(v));
                case "plateau_patience" -> b.plateauPatience = Integer.parseInt(v);
                case "halvings" -> b.halvings = Integer.parseInt(v);
                case "seed" -> b.seed(Long.parseLong(v));
                default -> throw new IllegalArgumentException("unknown training setting '" + e.getKey() + "'");
            }
        }
        return b.build();
    }

    public String layersString() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < layers.length; i++) sb.append(i == 0 ? "" : ",").append(layers[i]);
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) { return o instanceof TrainConfig t && toMap().equals(t.toMap()); }

    @Override
    public int hashCode() { return toMap().hashCode(); }

    @Override
    public String toString() { return "TrainConfig" + describe(); }

    /** Mutable settings with the library's defaults; {@link #build()} validates them. */
    /** The optimizers, for {@link Builder#optimizer(OptimizerKind)}. */
    public enum OptimizerKind {
        /** w ← w − η∇C. */
        SGD,
        /** v ← μv − η∇C, w ← w + v. */
        MOMENTUM,
        /** Momentum with the gradient taken at the look-ahead point. */
        NESTEROV,
        /** Adam (Kingma and Ba), with bias correction. */
        ADAM
    }

    /** The distortions of the training images drawn afresh every epoch, for {@link Builder#distort(Distortion)}. */
    public enum Distortion {
        NONE,
        /** Random rotation, scaling, shear and shift. */
        AFFINE,
        /** Simard's elastic distortions. */
        ELASTIC
    }

    public static final class Builder {
        int[] layers = {784, 100, 10};
        String net = "";
        String activation = "relu", output = "softmax", cost = "nll", init = "auto", optimizer = "momentum";
        String schedule = "none", expand = "none", distort = "none";
        float eta = 0.05f, momentum = 0.9f, beta1 = 0.9f, beta2 = 0.999f, epsilon = 1e-8f;
        float lambda = 0f, l1 = 0f, dropout = 0f, gamma = 0.1f, etaMin = 0f;
        int batchSize = 32, epochs = 30, limit = 0, validation = AUTO_VALIDATION, stepSize = 10, patience = 0;
        int plateauPatience = 10, halvings = 7, shift = 0;
        float validationFraction = 0f;
        long seed = 1;

        private Builder() {}

        public Builder layers(int... v) { layers = v.clone(); return this; }

        /**
         * The layers in the form of {@link NetSpec}, e.g. "conv 20 5x5 relu, maxpool 2, dense 10 softmax"; the
         * input shape comes from the data. It replaces {@link #layers}, the activations and the dropout
         * setting, which describe a dense stack. "" for the dense stack.
         */
        public Builder net(String v) { net = v == null ? "" : v; return this; }

        /** The layers built in Java ({@link NetBuilder}); as {@link #net(String)}. */
        public Builder net(NetBuilder v) { return net(v.spec()); }

        public Builder activation(String v) { activation = v; return this; }

        /** The hidden layers' activation of a dense stack ({@link org.backprop4j.nn.Activations#RELU}, …). */
        public Builder activation(Activation v) { return activation(v.name()); }

        public Builder output(String v) { output = v; return this; }

        /** The output layer's activation of a dense stack ({@link org.backprop4j.nn.Activations#SOFTMAX}, …). */
        public Builder output(Activation v) { return output(v.name()); }

        public Builder cost(String v) { cost = v; return this; }

        /** The cost ({@link org.backprop4j.loss.Costs#NLL}, …). */
        public Builder cost(Cost v) { return cost(v.name()); }

        public Builder init(String v) { init = v; return this; }

        /** How the weights start; without it, the one suited to the activations (He for ReLU, Xavier otherwise). */
        public Builder init(Init v) { return init(v.cliName()); }

        public Builder optimizer(String v) { optimizer = v; return this; }

        /** The optimizer; its settings are {@link #eta}, {@link #momentum} and {@link #adam}. */
        public Builder optimizer(OptimizerKind v) { return optimizer(v.name().toLowerCase(Locale.ROOT)); }

        public Builder eta(float v) { eta = v; return this; }

        public Builder momentum(float v) { momentum = v; return this; }

        /** Adam's moment decay rates β1, β2 and ε. */
        public Builder adam(float b1, float b2, float eps) { beta1 = b1; beta2 = b2; epsilon = eps; return this; }

        /** L2 weight decay λ (Nielsen's: the cost gains λ/2n Σw²). */
        public Builder lambda(float v) { lambda = v; return this; }

        /** L1 weight penalty λ₁ (the cost gains λ₁/n Σ|w|). */
        public Builder l1(float v) { l1 = v; return this; }

        /** Inverted dropout on every hidden layer's output, with this probability of dropping a unit. */
        public Builder dropout(float v) { dropout = v; return this; }

        public Builder schedule(String v) { schedule = v; return this; }

        /** The same η every epoch (the default). */
        public Builder constantRate() { schedule = "none"; return this; }

        /** Step decay: η ← γη every stepSize epochs. */
        public Builder stepDecay(int stepSize, float gamma) { schedule = "step"; this.stepSize = stepSize; this.gamma = gamma; return this; }

        /** Cosine annealing from η down to etaMin over the run. */
        public Builder cosine(float etaMin) { schedule = "cosine"; this.etaMin = etaMin; return this; }

        /** Nielsen's rule: halve η after k epochs without a better validation accuracy; stop after n halvings. */
        public Builder plateau(int k, int n) { schedule = "plateau"; plateauPatience = k; halvings = n; return this; }

        public Builder batchSize(int v) { batchSize = v; return this; }

        public Builder epochs(int v) { epochs = v; return this; }

        public Builder limit(int v) { limit = v; return this; }

        public Builder validation(int v) { validation = v; validationFraction = 0f; return this; }

        /** Holds out this fraction of the training examples for validation instead of a count (0.1: a tenth). */
        public Builder validationFraction(double v) { validationFraction = (float) v; return this; }

        /** Early stopping after this many epochs without a better validation accuracy (0: never). */
        public Builder patience(int v) { patience = v; return this; }

        public Builder seed(long v) { seed = v; return this; }

        /** none, or shifts: add the four 1-pixel shifts of every training image (Nielsen's expand_mnist). */
        public Builder expand(String v) { expand = v; return this; }

        /** none, affine or elastic: fresh random distortions of the training images every epoch. */
        public Builder distort(String v) { distort = v; return this; }

        /** Fresh random distortions of the training images every epoch. */
        public Builder distort(Distortion v) { return distort(v.name().toLowerCase(Locale.ROOT)); }

        /** Adds the four 1-pixel shifts of every training image (Nielsen's expand_mnist): five times the data. */
        public Builder expandShifts() { expand = "shifts"; return this; }

        /** Random whole-pixel translations of the training images every epoch, up to this many pixels each way. */
        public Builder shift(int v) { shift = v; return this; }

        public TrainConfig build() { return new TrainConfig(this); }
    }
}
