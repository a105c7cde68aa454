package org.backprop4j.nn;

import java.util.List;
import java.util.Locale;

/** The built-in activations by name, for the command line and model files. */
public final class Activations {
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
