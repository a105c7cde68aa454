package org.backprop4j.nn;

import java.util.List;
import org.backprop4j.tensor.ExecutionContext;
import org.backprop4j.tensor.Gemm;
import org.backprop4j.tensor.LineAlignment;

/**
 * The buffers one forward and backward pass of a {@link Network} needs for up to {@code capacity}
 * examples: per layer its output a (capacity × its output size), z for layers with an activation, δ, and
 * the layer's own scratch (dropout masks, max-pooling's argmax, batch statistics), and one gradient
 * array per parameter. Allocated once per network and batch size, reused for every mini-batch, so the
 * training loop allocates nothing. A forward-only workspace ({@link Network#inferenceWorkspace}) holds
 * no δ, gradients or masks.
 *
 * <p>A hidden layer's buffers hold their batch from index {@link #offset(int)}, where a cache line
 * starts when the JVM says where lines fall ({@link LineAlignment}): the products read and write them
 * as rows of vectors, and a vector that straddles two lines costs two loads. The output layer's start
 * at 0 (a few values per example, read by costs and evaluators), and gradients have their parameters'
 * layout ({@link Param#newBuffer()}).
 *
 * <p>A workspace computes on the threads of its {@link ExecutionContext}, given when it is made.
 */
public final class Workspace {
    final int capacity;
    /** Per layer, where its batch starts in z, a, δ and its scratch. */
    final int[] offset;
    final float[][] z;
    final float[][] a;
    /** Per layer, ∂C/∂z (∂C/∂a for a layer without an activation); a dropout layer shares the δ below it. */
    final float[][] delta;
    final float[][] grads;
    /** Per layer, what it keeps beyond z, a and δ ({@link Layer#newScratch}), or null. */
    final Object[] scratch;
    /** Per layer, the input its last forward pass read (a below, or the examples) and where it starts. */
    final float[][] input;
    final int[] inputOffset;
    /** Per dense layer, the epilogue of z's product: bias and σ on blocks of z's rows, into a ({@link Dense#activationRows}). */
    final Gemm.Epilogue[] activate;
    /**
     * Per layer of a trainable workspace, the epilogue that turns ∂C/∂a written on blocks of its rows
     * into its δ (BP2's ⊙ σ'(z)); a dropout layer's first applies its mask, then the one below it. Null for
     * a layer whose δ is ∂C/∂a itself.
     */
    final Gemm.Epilogue[] derive;
    /** Whether the last forward pass was a training one (dropout's masks, batch statistics). */
    boolean training;

    /** Whether this workspace can hold a backward pass (δ and gradients) or only feedforwards. */
    final boolean trainable;
    private final List<Layer> layers;
    final ExecutionContext context;

    Workspace(Network net, int capacity, boolean trainable, ExecutionContext context) {
        this(net, capacity, trainable, lineStart(), context);
    }

    /** Where hidden layers' batches start: the first element on a cache line, or 0 when that is not known. */
    static int lineStart() { return Math.max(0, LineAlignment.alignedIndex()); }

    /** With the hidden layers' batches from index lineStart (tests: any offset must give the same bits). */
    Workspace(Network net, int capacity, boolean trainable, int lineStart, ExecutionContext context) {
        if (capacity <= 0) throw new IllegalArgumentException("batch capacity must be positive: " + capacity);
        this.context = java.util.Objects.requireNonNull(context, "context");
        this.capacity = capacity;
        this.trainable = trainable;
        List<Layer> layers = net.layers();
        this.layers = layers;
        int n = layers.size();
        z = new float[n][];
        a = new float[n][];
        delta = new float[n][];
        scratch = new Object[n];
        input = new float[n][];
        inputOffset = new int[n];
        offset = new int[n];
        activate = new Gemm.Epilogue[n];
        derive = new Gemm.Epilogue[n];
        for (int l = 0; l < n; l++) {
            Layer layer = layers.get(l);
            offset[l] = l < n - 1 ? lineStart : 0;
            int size = size(offset[l], capacity, layer.outputSize());
            boolean passThrough = layer instanceof Dropout d && d.inverted() && !trainable; // evaluation hands its input on
            if (layer.activation() != null) z[l] = new float[size];
            a[l] = passThrough ? null : new float[size];
            if (trainable) {
                boolean shared = layer instanceof Dropout && l > 0 && offset[l - 1] == offset[l];
                delta[l] = shared ? delta[l - 1] : new float[size];
            }
            scratch[l] = layer.newScratch(capacity, offset[l], trainable, context.threads());
            if (layer instanceof Dense d) activate[l] = d.activationRows(z[l], a[l], offset[l]);
            if (trainable) derive[l] = derivativeRows(layer, l);
        }
        List<Param> params = net.params();
        grads = new float[trainable ? params.size() : 0][];
        for (int p = 0; p < grads.length; p++) grads[p] = params.get(p).newBuffer();
    }

    /**
     * Rows [from, to) of layer l's δ, written as ∂C/∂a: ⊙ σ'(z) for a layer with an activation; for
     * dropout, ⊙ its mask (∂C/∂x = ∂C/∂(x ⊙ mask) ⊙ mask) when the forward pass applied one, then the
     * layer below's epilogue on the same rows, since they share δ.
     */
    private Gemm.Epilogue derivativeRows(Layer layer, int l) {
        int width = layer.outputSize();
        float[] g = delta[l];
        if (layer instanceof Dropout) {
            Gemm.Epilogue below = l > 0 && delta[l - 1] == g ? derive[l - 1] : null;
            return (from, to) -> {
                if (training) {
                    float[] keep = (float[]) scratch[l];
                    for (int i = offset[l] + from * width, end = offset[l] + to * width; i < end; i++) g[i] *= keep[i];
                }
                if (below != null) below.rows(from, to);
            };
        }
        Activation act = layer.activation();
        if (act == null) return null;
        return (from, to) -> act.backward(z[l], a[l], g, offset[l] + from * width, to - from, width);
    }

    /**
     * offset + rows·width as an array length, or a one-line error when a batch of the network's layers
     * would need an array larger than Java allows.
     */
    static int size(int offset, long rows, long width) {
        long n = offset + rows * width;
        if (n > Integer.MAX_VALUE - 64) {
            throw new IllegalArgumentException("a buffer of " + rows + " × " + width + " values is larger than a Java array can be;"
                    + " use smaller batches or layers");
        }
        return (int) n;
    }

    public int capacity() { return capacity; }

    /** The threads this workspace's passes run on. */
    public ExecutionContext context() { return context; }

    /**
     * Where layer l's batch starts in its z, a, δ and scratch arrays: example i's row is
     * [offset + i·n_out, offset + (i + 1)·n_out). 0 for the output layer; for hidden layers, the first
     * element on a cache line, or 0 when that is not known.
     */
    public int offset(int layer) { return offset[layer]; }

    /** Output activations aᴸ of the last forward pass (row-major, n_out per example). */
    public float[] output() { return a[a.length - 1]; }

    /** Pre-activations zᴸ of the output layer. */
    public float[] outputZ() { return z[z.length - 1]; }

    /** Where the cost writes δᴸ = ∂C/∂zᴸ before {@link Network#backward}. */
    public float[] outputDelta() { return trainingOnly(delta)[delta.length - 1]; }

    /** Gradients of the last backward pass, aligned with {@link Network#params()}, each in its parameter's layout. */
    public float[][] grads() { return trainingOnly(grads); }

    /** Activations (outputs) of layer l (0-based), from {@link #offset(int)}. */
    public float[] activations(int layer) { return a[layer]; }

    /** Pre-activations of layer l, from {@link #offset(int)}; null for a layer without an activation. */
    public float[] preActivations(int layer) { return z[layer]; }

    /** δ of layer l after a backward pass, from {@link #offset(int)}. */
    public float[] delta(int layer) { return trainingOnly(delta)[layer]; }

    private float[][] trainingOnly(float[][] buffers) {
        requireTrainable();
        return buffers;
    }

    /** For backward passes and dropout: a forward-only workspace has none of their buffers. */
    void requireTrainable() {
        if (!trainable) {
            throw new IllegalStateException("an inference workspace holds no δ, gradients or dropout masks; use Network.workspace(m) to train");
        }
    }

    /** The mask of dropout layer l from the last training pass (1/(1 − p) or 1 kept, 0 dropped) from {@link #offset(int)}, or null. */
    public float[] dropoutMask(int layer) { return layers.get(layer) instanceof Dropout ? (float[]) scratch[layer] : null; }
}
