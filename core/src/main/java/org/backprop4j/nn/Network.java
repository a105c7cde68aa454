package org.backprop4j.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.backprop4j.tensor.Rng;

/**
 * A feed-forward network of dense layers, aˡ = σ(Wˡaˡ⁻¹ + bˡ), trained by backpropagation in matrix
 * form over a whole mini-batch (no loop over examples).
 */
public final class Network {
    private final List<Dense> layers;
    private final List<Param> params;

    public Network(List<Dense> layers) {
        if (layers.isEmpty()) throw new IllegalArgumentException("a network needs at least one layer");
        for (int l = 1; l < layers.size(); l++) {
            if (layers.get(l).inputSize() != layers.get(l - 1).outputSize()) {
                throw new IllegalArgumentException("layer " + (l + 1) + " takes " + layers.get(l).inputSize()
                        + " inputs but layer " + l + " gives " + layers.get(l - 1).outputSize());
            }
        }
        for (int l = 0; l < layers.size() - 1; l++) {
            if (layers.get(l).activation() instanceof Softmax) {
                throw new IllegalArgumentException("softmax is only supported on the output layer");
            }
        }
        this.layers = List.copyOf(layers);
        List<Param> ps = new ArrayList<>();
        for (Dense d : layers) {
            ps.add(d.weights());
            ps.add(d.bias());
        }
        this.params = Collections.unmodifiableList(ps);
    }

    /**
     * A network with the given layer sizes (input first), one activation for the hidden layers and one
     * for the output, initialized by {@code init} from {@code rng}.
     */
    public static Network of(int[] sizes, Activation hidden, Activation output, Init init, Rng rng) {
        if (sizes.length < 2) throw new IllegalArgumentException("need at least an input and an output size");
        List<Dense> layers = new ArrayList<>();
        for (int l = 1; l < sizes.length; l++) {
            Activation act = l == sizes.length - 1 ? output : hidden;
            Dense d = new Dense("layer" + l, sizes[l - 1], sizes[l], act);
            init.initialize(d, rng);
            layers.add(d);
        }
        return new Network(layers);
    }

    public List<Dense> layers() { return layers; }

    /** W¹, b¹, W², b², …: the order of {@link Workspace#grads()} and of model files. */
    public List<Param> params() { return params; }

    public int inputSize() { return layers.get(0).inputSize(); }

    public int outputSize() { return layers.get(layers.size() - 1).outputSize(); }

    public Activation outputActivation() { return layers.get(layers.size() - 1).activation(); }

    /** Layer sizes, input first, e.g. [784, 30, 10]. */
    public int[] sizes() {
        int[] s = new int[layers.size() + 1];
        s[0] = inputSize();
        for (int l = 0; l < layers.size(); l++) s[l + 1] = layers.get(l).outputSize();
        return s;
    }

    public long parameterCount() {
        long n = 0;
        for (Param p : params) n += p.size();
        return n;
    }

    public Workspace workspace(int batchCapacity) { return new Workspace(this, batchCapacity); }

    /** Feedforward of m examples (rows of x): for each l, zˡ = aˡ⁻¹Wˡᵀ + bˡ and aˡ = σ(zˡ). Returns aᴸ. */
    public float[] forward(Workspace ws, float[] x, int m) {
        checkBatch(ws, m);
        float[] in = x;
        for (int l = 0; l < layers.size(); l++) {
            layers.get(l).forward(in, m, ws.z[l], ws.a[l]);
            in = ws.a[l];
        }
        return in;
    }

    /**
     * Backpropagation of the error, given δᴸ in {@link Workspace#outputDelta()} (BP1, computed by the
     * cost): for l = L … 1 the layer's gradients (BP3, BP4), then δˡ⁻¹ = (δˡ Wˡ) ⊙ σ'(zˡ⁻¹) (BP2).
     * The gradients land in {@link Workspace#grads()}.
     */
    public void backward(Workspace ws, float[] x, int m) {
        checkBatch(ws, m);
        for (int l = layers.size() - 1; l >= 0; l--) {
            Dense layer = layers.get(l);
            float[] in = l == 0 ? x : ws.a[l - 1];
            float[] gradIn = l == 0 ? null : ws.delta[l - 1];
            layer.backward(in, m, ws.delta[l], ws.grads[2 * l], ws.grads[2 * l + 1], gradIn);
            if (l > 0) {
                Dense below = layers.get(l - 1);
                below.activation().backward(ws.z[l - 1], ws.a[l - 1], ws.delta[l - 1], m, below.outputSize());
            }
        }
    }

    private void checkBatch(Workspace ws, int m) {
        if (m <= 0 || m > ws.capacity) {
            throw new IllegalArgumentException("batch of " + m + " does not fit a workspace of " + ws.capacity);
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Network");
        for (Dense d : layers) sb.append(' ').append(d);
        return sb.toString();
    }
}
