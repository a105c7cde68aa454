package org.backprop4j.nn;

import java.util.Locale;
import org.backprop4j.tensor.Rng;

/**
 * How a dense layer's weights W (n_out × n_in) and biases b are first drawn.
 *
 * <ul>
 * <li>{@code normal}: W, b ~ N(0, 1), as in the notes and Nielsen chapter 1.</li>
 * <li>{@code scaled}: W ~ N(0, 1/n_in), b ~ N(0, 1): Nielsen chapter 3, so that z = Σ w x + b stays
 *     of order 1 and sigmoid neurons do not start saturated.</li>
 * <li>{@code he}: W ~ N(0, 2/n_in), b = 0 (He et al. 2015), keeps the variance through ReLU layers.</li>
 * <li>{@code xavier}: W ~ U(−r, r), r = √(6/(n_in + n_out)), b = 0 (Glorot and Bengio 2010), for tanh
 *     and sigmoid layers.</li>
 * </ul>
 */
public enum Init {
    NORMAL, SCALED, HE, XAVIER;

    public void initialize(Dense layer, Rng rng) {
        int nIn = layer.inputSize();
        int nOut = layer.outputSize();
        switch (this) {
            case NORMAL -> {
                layer.weights().value().fillGaussian(rng, 0, 1);
                layer.bias().value().fillGaussian(rng, 0, 1);
            }
            case SCALED -> {
                layer.weights().value().fillGaussian(rng, 0, 1 / StrictMath.sqrt(nIn));
                layer.bias().value().fillGaussian(rng, 0, 1);
            }
            case HE -> {
                layer.weights().value().fillGaussian(rng, 0, StrictMath.sqrt(2.0 / nIn));
                layer.bias().value().fill(0);
            }
            case XAVIER -> {
                layer.weights().value().fillUniform(rng, StrictMath.sqrt(6.0 / (nIn + nOut)));
                layer.bias().value().fill(0);
            }
        }
    }

    /** The scheme that suits a hidden activation: He for rectifiers, Xavier for the rest. */
    public static Init suitedTo(Activation hidden) {
        return hidden instanceof ReLU || hidden instanceof Softplus ? HE : XAVIER;
    }

    public String cliName() { return name().toLowerCase(Locale.ROOT); }

    public static Init byName(String name) {
        for (Init i : values()) if (i.cliName().equals(name.trim().toLowerCase(Locale.ROOT))) return i;
        throw new IllegalArgumentException("unknown init '" + name + "' (expected normal, scaled, he or xavier)");
    }
}
