package org.backprop4j.nn;

import java.util.List;
import java.util.Locale;
import org.backprop4j.tensor.ConvGeometry;
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
 * <li>{@code network3}: Nielsen's network3.py (chapter 6): W ~ N(0, 1/n_out), b ~ N(0, 1), where a
 *     convolution followed by pooling counts n_out = c_out·k_h·k_w / (pool area), and a softmax output
 *     layer starts at W = 0, b = 0.</li>
 * </ul>
 */
public enum Init {
    NORMAL, SCALED, HE, XAVIER, NETWORK3;

    /**
     * Draws every layer of net in order from rng. Only {@code network3} looks beyond a layer: at the pooling
     * after a convolution and at whether a dense layer is the softmax output.
     */
    public void initialize(Network net, Rng rng) {
        List<Layer> layers = net.layers();
        for (int l = 0; l < layers.size(); l++) {
            Layer layer = layers.get(l);
            Layer next = l + 1 < layers.size() ? layers.get(l + 1) : null;
            if (this != NETWORK3) {
                layer.initialize(this, rng);
            } else if (layer instanceof Conv2d c && next instanceof Pool2d p) {
                // network3.py's ConvPoolLayer: n_out = filter_shape[0]·prod(filter_shape[2:]) / prod(poolsize)
                ConvGeometry g = c.geometry();
                double nOut = (double) g.outChannels() * g.kernelHeight() * g.kernelWidth() / (p.size() * p.size());
                network3(c.weights(), c.bias(), nOut, rng);
            } else if (layer instanceof Dense d && next == null && d.activation() instanceof Softmax) {
                d.weights().value().fill(0);
                d.bias().value().fill(0);
            } else {
                layer.initialize(this, rng);
            }
        }
    }

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
            case NETWORK3 -> network3(w, b, nOut, rng);
        }
    }

    private static void network3(Param w, Param b, double nOut, Rng rng) {
        w.value().fillGaussian(rng, 0, StrictMath.sqrt(1.0 / nOut));
        b.value().fillGaussian(rng, 0, 1);
    }

    /** The scheme that suits a hidden activation: He for rectifiers, Xavier for the rest. */
    public static Init suitedTo(Activation hidden) {
        return hidden instanceof ReLU || hidden instanceof Softplus ? HE : XAVIER;
    }

    public String cliName() { return name().toLowerCase(Locale.ROOT); }

    public static Init byName(String name) {
        for (Init i : values()) if (i.cliName().equals(name.trim().toLowerCase(Locale.ROOT))) return i;
        throw new IllegalArgumentException("unknown init '" + name + "' (expected normal, scaled, he, xavier or network3)");
    }
}
