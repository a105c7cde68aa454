package org.backprop4j.nn;

import org.backprop4j.tensor.ExecutionContext;
import org.backprop4j.tensor.Matrix;

/**
 * Serves one example at a time: the feedforward aᴸ = σ(Wᴸ … σ(W¹x + b¹) … + bᴸ) of a batch of one,
 * into buffers made once, so a prediction allocates nothing. Not thread-safe: give each serving
 * thread its own Predictor; they share the network, whose weights they only read. Each Predictor
 * computes on its own {@link ExecutionContext} (a layer of a million weights or more makes even a
 * one-row product large enough to be split among its threads), so Predictors never wait for each other
 * or for a training in the same JVM.
 */
public final class Predictor {
    private final Network network;
    private final Workspace ws;

    /** A predictor on a context of its own ({@link org.backprop4j.tensor.Kernels#defaultThreads()} threads). */
    public Predictor(Network network) { this(network, ExecutionContext.create()); }

    /** A predictor computing on the threads of {@code context}. */
    public Predictor(Network network, ExecutionContext context) {
        this.network = network;
        this.ws = network.inferenceWorkspace(1, context);
    }

    public Network network() { return network; }

    /**
     * Classifies {@code x} (n_in values): writes the output aᴸ (for a softmax output, the class
     * probabilities) to {@code out} (n_out values) and returns its argmax.
     */
    public int predict(float[] x, float[] out) {
        if (out.length != network.outputSize()) {
            throw new IllegalArgumentException("output buffer has " + out.length + " places, the network gives " + network.outputSize());
        }
        float[] a = feedforward(x);
        System.arraycopy(a, 0, out, 0, out.length);
        return Matrix.argmaxRow(a, 0, out.length);
    }

    /** The class of {@code x}: the argmax of the output. */
    public int classify(float[] x) {
        return Matrix.argmaxRow(feedforward(x), 0, network.outputSize());
    }

    /** The network's output for {@code x}: for a softmax output, the probability of each class. */
    public float[] probabilities(float[] x) {
        float[] out = new float[network.outputSize()];
        predict(x, out);
        return out;
    }

    /** The class of each row of {@code xs}. */
    public int[] classify(float[][] xs) {
        int[] classes = new int[xs.length];
        for (int i = 0; i < xs.length; i++) classes[i] = classify(xs[i]);
        return classes;
    }

    private float[] feedforward(float[] x) {
        if (x.length != network.inputSize()) {
            throw new IllegalArgumentException("example has " + x.length + " values, the network takes " + network.inputSize());
        }
        return network.forward(ws, x, 1);
    }
}
