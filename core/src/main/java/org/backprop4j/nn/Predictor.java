package org.backprop4j.nn;

import org.backprop4j.tensor.Matrix;

/**
 * Serves one example at a time: the feedforward aᴸ = σ(Wᴸ … σ(W¹x + b¹) … + bᴸ) of a batch of one,
 * into buffers made once, so a prediction allocates nothing. Not thread-safe: give each serving
 * thread its own Predictor; they share the network, whose weights they only read. (A layer of a
 * million weights or more makes even a one-row product large enough to be split among the kernel
 * threads, and such products run one at a time: Predictors then take turns.)
 */
public final class Predictor {
    private final Network network;
    private final Workspace ws;

    public Predictor(Network network) {
        this.network = network;
        this.ws = network.inferenceWorkspace(1);
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

    private float[] feedforward(float[] x) {
        if (x.length != network.inputSize()) {
            throw new IllegalArgumentException("example has " + x.length + " values, the network takes " + network.inputSize());
        }
        return network.forward(ws, x, 1);
    }
}
