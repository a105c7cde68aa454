package org.backprop4j.loss;

import java.util.List;
import java.util.Locale;

/** The built-in costs: as constants for Java, by name for the command line. */
public final class Costs {
    /** C = ½‖y − a‖², the notes' first cost. */
    public static final Cost QUADRATIC = Quadratic.INSTANCE;
    /** Cross-entropy of sigmoid outputs, the notes' second. */
    public static final Cost CROSS_ENTROPY = CrossEntropy.INSTANCE;
    /** Negative log-likelihood of a softmax output. */
    public static final Cost NLL = NegativeLogLikelihood.INSTANCE;

    private static final List<Cost> ALL = List.of(Quadratic.INSTANCE, CrossEntropy.INSTANCE, NegativeLogLikelihood.INSTANCE);

    private Costs() {}

    public static Cost byName(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        if (n.equals("mse")) n = "quadratic";
        if (n.equals("crossentropy") || n.equals("ce")) n = "cross-entropy";
        for (Cost c : ALL) if (c.name().equals(n)) return c;
        throw new IllegalArgumentException("unknown cost '" + name + "' (expected quadratic, cross-entropy or nll)");
    }
}
