package org.backprop4j.nn;

import java.util.List;
import org.backprop4j.tensor.Gemm;
import org.backprop4j.tensor.LineAlignment;

/**
 * The buffers one forward and backward pass of a {@link Network} needs for up to {@code capacity}
 * examples: per layer z, a and δ (capacity × n_out), and one gradient array per parameter.
 * Allocated once per network and batch size, reused for every mini-batch, so the training loop
 * allocates nothing. A forward-only workspace ({@link Network#inferenceWorkspace}) holds just z and a.
 *
 * <p>A hidden layer's buffers hold their batch from index {@link #offset(int)}, where a cache line
 * starts when the JVM says where lines fall ({@link LineAlignment}): the products read and write them
 * as rows of vectors, and a vector that straddles two lines costs two loads. The output layer's start
 * at 0 (a few values per example, read by costs and evaluators), and gradients have their parameters'
 * layout ({@link Param#newBuffer()}).
 */
public final class Workspace {
    final int capacity;
    /** Per layer, where its batch starts in z, a, δ and the dropout buffers. */
    final int[] offset;
    final float[][] z;
    final float[][] a;
    final float[][] delta;
    final float[][] grads;
    /** Per layer with dropout: the kept-and-scaled mask, and the activations after it (null otherwise). */
    final float[][] mask;
    final float[][] dropped;
    /**
     * Per layer, the epilogue of z's product: bias and σ on blocks of z's rows, into a
     * ({@link Dense#activationRows}).
     */
    final Gemm.Epilogue[] activate;
    /**
     * Per hidden layer of a trainable workspace, the epilogue of the product δˡ⁺¹·Wˡ⁺¹ that makes its δ
     * (BP2): blocks of rows ⊙ the dropout mask when the forward pass applied one, then ⊙ σ'(z).
     */
    final Gemm.Epilogue[] derive;
    /** Whether the last forward pass applied dropout (training) or not (evaluation). */
    boolean dropoutApplied;

    /** Whether this workspace can hold a backward pass (δ and gradients) or only feedforwards. */
    final boolean trainable;

    Workspace(Network net, int capacity, boolean trainable) {
        this(net, capacity, trainable, Math.max(0, LineAlignment.alignedIndex()));
    }

    /** With the hidden layers' batches from index lineStart (tests: any offset must give the same bits). */
    Workspace(Network net, int capacity, boolean trainable, int lineStart) {
        if (capacity <= 0) throw new IllegalArgumentException("batch capacity must be positive: " + capacity);
        this.capacity = capacity;
        this.trainable = trainable;
        List<Dense> layers = net.layers();
        int n = layers.size();
        z = new float[n][];
        a = new float[n][];
        delta = new float[n][];
        mask = new float[n][];
        dropped = new float[n][];
        offset = new int[n];
        for (int l = 0; l < n; l++) {
            offset[l] = l < n - 1 ? lineStart : 0;
            int size = offset[l] + capacity * layers.get(l).outputSize();
            z[l] = new float[size];
            a[l] = new float[size];
            delta[l] = trainable ? new float[size] : null;
            if (trainable && layers.get(l).dropout() > 0) {
                mask[l] = new float[size];
                dropped[l] = new float[size];
            }
        }
        activate = new Gemm.Epilogue[n];
        derive = new Gemm.Epilogue[n];
        for (int l = 0; l < n; l++) {
            Dense layer = layers.get(l);
            activate[l] = layer.activationRows(z[l], a[l], offset[l]);
            if (trainable && l < n - 1) derive[l] = derivativeRows(layer, l);
        }
        List<Param> params = net.params();
        grads = new float[trainable ? params.size() : 0][];
        for (int p = 0; p < grads.length; p++) grads[p] = params.get(p).newBuffer();
    }

    /** Rows [from, to) of layer l's δ: ⊙ the mask if the forward pass applied dropout (∂C/∂a = ∂C/∂(a ⊙ mask) ⊙ mask), then ⊙ σ'(z). */
    private Gemm.Epilogue derivativeRows(Dense layer, int l) {
        int width = layer.outputSize();
        float[] g = delta[l];
        return (from, to) -> {
            int lo = offset[l] + from * width, hi = offset[l] + to * width;
            if (dropoutApplied && layer.dropout() > 0) {
                float[] keep = mask[l];
                for (int i = lo; i < hi; i++) g[i] *= keep[i];
            }
            layer.activation().backward(z[l], a[l], g, lo, to - from, width);
        };
    }

    public int capacity() { return capacity; }

    /**
     * Where layer l's batch starts in its z, a, δ and dropout arrays: example i's row is
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

    /** Activations of layer l (0-based, l = 0 is the first hidden layer), from {@link #offset(int)}. */
    public float[] activations(int layer) { return a[layer]; }

    /** Pre-activations of layer l, from {@link #offset(int)}. */
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

    /** The dropout mask of layer l from the last training pass (1/(1 − p) kept, 0 dropped) from {@link #offset(int)}, or null. */
    public float[] dropoutMask(int layer) { return mask[layer]; }
}
