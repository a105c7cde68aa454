package org.backprop4j.nn;

import java.util.ArrayList;
import java.util.List;
import org.backprop4j.tensor.Rng;

/**
 * A stack of layers described from Java: the typed form of the {@link NetSpec} text the command line
 * takes ({@code "conv 20 5x5 relu, maxpool 2, dense 100 relu, dense 10 softmax"}), which {@link #spec()}
 * gives back for {@code TrainConfig.Builder.net} and model files. The input shape comes from the data
 * when the network is built; every shape is checked then, with an error naming the layer.
 * <pre>{@code
 * NetBuilder lenet = new NetBuilder()
 *         .conv(20, 5, Activations.RELU).maxPool(2)
 *         .conv(40, 5, Activations.RELU).maxPool(2)
 *         .dense(100, Activations.RELU)
 *         .dense(10, Activations.SOFTMAX);
 * }</pre>
 */
public final class NetBuilder {
    private final List<String> layers = new ArrayList<>();

    /** A fully connected layer of {@code units} neurons: a = σ(W·x + b). */
    public NetBuilder dense(int units, Activation activation) {
        positive("units", units);
        return add("dense " + units + " " + activation.name());
    }

    /** A 2-D convolution of {@code filters} square kernels of side {@code kernel}, stride 1, 'valid' padding. */
    public NetBuilder conv(int filters, int kernel, Activation activation) {
        return conv(filters, kernel, activation, 1, false);
    }

    /** A 2-D convolution with a stride and, if {@code same}, zero padding that keeps the image's size (at stride 1). */
    public NetBuilder conv(int filters, int kernel, Activation activation, int stride, boolean same) {
        positive("filters", filters);
        positive("kernel", kernel);
        positive("stride", stride);
        return add("conv " + filters + " " + kernel + "x" + kernel + " " + activation.name() + (stride != 1 ? " stride " + stride : "")
                + (same ? " same" : ""));
    }

    /** Max-pooling over {@code size}×{@code size} windows, stride {@code size}. */
    public NetBuilder maxPool(int size) { positive("size", size); return add("maxpool " + size); }

    /** Average-pooling over {@code size}×{@code size} windows, stride {@code size}. */
    public NetBuilder avgPool(int size) { positive("size", size); return add("avgpool " + size); }

    /** Dropout of each input with probability {@code p} while training (inverted: nothing to rescale at inference). */
    public NetBuilder dropout(double p) { return add("dropout " + probability(p)); }

    /**
     * Dropout of each input with probability {@code p} while training, the kept values left as they are and
     * every value scaled by 1 − p at inference, as network3.py ({@link Dropout}).
     */
    public NetBuilder dropoutScaledAtInference(double p) { return add("dropout " + probability(p) + " " + NetSpec.SCALED_AT_INFERENCE); }

    private static double probability(double p) {
        if (!(p >= 0 && p < 1)) throw new IllegalArgumentException("dropout p must be in [0, 1), got " + p);
        return p;
    }

    /** Batch normalization of each channel (or unit), then {@code activation}. */
    public NetBuilder batchNorm(Activation activation) { return add("batchnorm " + activation.name()); }

    /** The layers in {@link NetSpec}'s text form. */
    public String spec() {
        if (layers.isEmpty()) throw new IllegalStateException("a network needs at least one layer");
        return String.join(", ", layers);
    }

    /** The network for inputs of {@code input} shape, its weights drawn from {@code rng} (He or Xavier, as suits each activation). */
    public Network build(Shape input, Rng rng) { return NetSpec.build(spec(), input, null, rng); }

    private NetBuilder add(String layer) {
        layers.add(layer);
        return this;
    }

    private static void positive(String what, int v) {
        if (v <= 0) throw new IllegalArgumentException(what + " must be positive, got " + v);
    }

    @Override
    public String toString() { return layers.isEmpty() ? "(no layers)" : spec(); }
}
