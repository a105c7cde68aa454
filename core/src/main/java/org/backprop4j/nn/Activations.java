package org.backprop4j.nn;

import java.util.List;
import java.util.Locale;

/** The built-in activations: as constants for Java, by name for the command line and model files. */
public final class Activations {
    public static final Activation SIGMOID = Sigmoid.INSTANCE;
    public static final Activation RELU = ReLU.INSTANCE;
    public static final Activation TANH = Tanh.INSTANCE;
    public static final Activation SOFTPLUS = Softplus.INSTANCE;
    public static final Activation STEP = Step.INSTANCE;
    public static final Activation IDENTITY = Identity.INSTANCE;
    /** For the output layer only: probabilities over the classes (with the {@code NLL} cost). */
    public static final Activation SOFTMAX = Softmax.INSTANCE;

    private static final List<Activation> ALL = List.of(Sigmoid.INSTANCE, ReLU.INSTANCE, Tanh.INSTANCE,
            Softplus.INSTANCE, Step.INSTANCE, Identity.INSTANCE, Softmax.INSTANCE);

    private Activations() {}

    public static Activation byName(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        for (Activation a : ALL) if (a.name().equals(n)) return a;
        throw new IllegalArgumentException("unknown activation '" + name + "' (expected one of " + names() + ")");
    }

    public static List<String> names() {
        return ALL.stream().map(Activation::name).toList();
    }
}
