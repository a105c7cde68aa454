package org.backprop4j.nn;

import java.util.List;
import java.util.Map;
import org.backprop4j.tensor.Rng;

/**
 * One stage of a feed-forward {@link Network}: it maps a mini-batch of m examples, one per row, each of
 * shape {@link #inputShape()}, to m rows of shape {@link #outputShape()}, and sends the gradient back
 * the other way. The layers are {@link Dense}, {@link Conv2d}, {@link MaxPool2d}, {@link AvgPool2d},
 * {@link Dropout} and {@link BatchNorm}.
 *
 * <p>A layer with an activation σ ({@link #activation()} not null) keeps z, its weighted input, and
 * a = σ(z), and its δ is ∂C/∂z as in the notes; the layer above turns ∂C/∂a into that δ by running the
 * workspace's σ' epilogue on the rows it writes (BP2). A layer without one (pooling, dropout) has only
 * its output a, and its δ is ∂C/∂a.
 *
 * <p>The passes work on a {@link Workspace}'s buffers (index l of this layer in its network) and are
 * package-private: a network runs them in order, and they allocate nothing.
 */
public abstract class Layer {
    private final String name;
    private final Shape in;
    private final Shape out;

    Layer(String name, Shape in, Shape out) {
        this.name = name;
        this.in = in;
        this.out = out;
    }

    /** The layer's name in its network and in the names of its tensors, e.g. "layer3". */
    public final String name() { return name; }

    /** The kind model files record: dense, conv2d, maxpool2d, avgpool2d, dropout, batchnorm. */
    public abstract String kind();

    public final Shape inputShape() { return in; }

    public final Shape outputShape() { return out; }

    /** Values per example in: c·h·w of the input shape. */
    public final int inputSize() { return in.size(); }

    /** Values per example out. */
    public final int outputSize() { return out.size(); }

    /** The tensors gradient descent moves, in the order of gradients, optimizer state and model files. */
    public List<Param> params() { return List.of(); }

    /**
     * Tensors the layer keeps that are not moved by gradients but belong to the model (batch
     * normalization's running statistics): saved with the parameters, never given to an optimizer.
     */
    public List<Param> state() { return List.of(); }

    /** σ of a = σ(z), or null for a layer without one. */
    public Activation activation() { return null; }

    /** The layer in the form of {@code --net}, e.g. "conv 20 5x5 relu": {@link NetSpec} parses it back. */
    public abstract String spec();

    /** The attributes model files record, as text (decimal numbers and names; docs/MODEL_FORMAT.md). */
    public abstract Map<String, String> attributes();

    /** A layer of the same structure under the same name, with copies of the values of its tensors. */
    public abstract Layer copy();

    /**
     * Checks values that must hold for the layer to compute anything (read from a model file): nothing for
     * most layers; batch normalization's running variances must not be negative.
     *
     * @throws IllegalArgumentException naming the tensor and the value
     */
    public void checkState() {}

    /** Draws the layer's initial values (layers without weights have nothing to draw). */
    public void initialize(Init init, Rng rng) {}

    /** Multiply-adds per example of the forward pass's products (0 for layers without). */
    public long multiplyAdds() { return 0; }

    /** Whether its forward pass depends on training (dropout, batch statistics) rather than being one function. */
    boolean trainingDiffers() { return false; }

    /**
     * Whether the gradient of weight tensor i of {@link #params()} can go straight into an optimizer's
     * accumulator, s ← fma(s, β, ∇W), in the pass that computes it ({@code Optimizer#accumulator}).
     */
    boolean accumulates(int param) { return false; }

    /**
     * Scratch for one workspace beyond z, a and δ (masks, argmax, statistics), or null; per-example
     * buffers hold their batch from {@code offset}, as the layer's a does.
     */
    Object newScratch(int capacity, int offset, boolean trainable, int threads) { return null; }

    /**
     * The forward pass for m rows of x (from xOff): writes a (and z) of slot l of the workspace from its
     * offset. {@code ws.training} says which pass; rng draws dropout masks in training.
     */
    abstract void forward(Workspace ws, int l, float[] x, int xOff, int m, Rng rng);

    /**
     * The backward pass, given δ of slot l: the gradients of {@link #params()} into into[p0 + i] (with
     * β as {@code Network#backward} says), and, when {@code gradIn}, ∂C/∂a of the layer below into its δ
     * (slot l − 1), finished by that slot's σ' epilogue.
     */
    abstract void backward(Workspace ws, int l, float[] x, int xOff, int m, float[][] into, float[] beta, int p0, boolean gradIn);

    @Override
    public String toString() { return name + " " + spec() + " (" + in + " -> " + out + ")"; }
}
