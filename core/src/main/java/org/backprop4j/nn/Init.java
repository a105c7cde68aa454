package org.backprop4j.nn;

import java.util.Locale;
import org.backprop4j.tensor.Rng;

/**
 * How a layer's weights W and biases b are first drawn (for a dense layer W is n_out × n_in).
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
        initialize(layer.weights(), layer.bias(), layer.inputSize(), layer.outputSize(), rng);
    }

    /**
     * Draws weights w (W first, then b, from one generator) for a layer whose units each see nIn inputs
     * and whose inputs each feed nOut weights: n_in and n_out for a dense layer; for a convolution,
     * c_in·k_h·k_w and c_out·k_h·k_w (the fan-in and fan-out of He and Glorot).
     */
    public void initialize(Param w, Param b, int nIn, int nOut, Rng rng) {
        switch (this) {
            case NORMAL -> {
                w.value().fillGaussian(rng, 0, 1);
                b.value().fillGaussian(rng, 0, 1);
            }
            case SCALED -> {
                w.value().fillGaussian(rng, 0, 1 / StrictMath.sqrt(nIn));
                b.value().fillGaussian(rng, 0, 1);
            }
            case HE -> {
                w.value().fillGaussian(rng, 0, StrictMath.sqrt(2.0 / nIn));
                b.value().fill(0);
            }
            case XAVIER -> {
                w.value().fillUniform(rng, StrictMath.sqrt(6.0 / (nIn + nOut)));
                b.value().fill(0);
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
