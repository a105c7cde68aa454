package org.backprop4j.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.backprop4j.tensor.Matrix;
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

    /** A deep copy: the same layers, activations, dropout and weights (laid out as in the notes), sharing nothing. */
    public Network copy() {
        List<Dense> copies = new ArrayList<>();
        for (int l = 0; l < layers.size(); l++) {
            Dense d = layers.get(l);
            Dense c = new Dense("layer" + (l + 1), d.inputSize(), d.outputSize(), d.activation());
            c.setDropout(d.dropout());
            c.weights().value().setValues(d.weights().value().array(), d.weights().value().offset());
            // the copy is laid out as in the notes
            if (d.inputMajor()) Matrix.transposeInPlace(c.weights().value().array(), d.inputSize(), d.outputSize());
            System.arraycopy(d.bias().value().data(), 0, c.bias().value().data(), 0, d.bias().size());
            copies.add(c);
        }
        return new Network(copies);
    }

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

    /** A workspace for up to {@code batchCapacity} examples; make it after setting dropout. */
    public Workspace workspace(int batchCapacity) { return new Workspace(this, batchCapacity, true); }

    /** Buffers for feedforwards only (evaluation, serving): no δ, no gradients, no dropout masks. */
    public Workspace inferenceWorkspace(int batchCapacity) { return new Workspace(this, batchCapacity, false); }

    /** Sets inverted dropout with probability p on every hidden layer's output (not on the output layer). */
    public void setHiddenDropout(float p) {
        for (int l = 0; l < layers.size() - 1; l++) layers.get(l).setDropout(p);
    }

    /** Feedforward of m examples (rows of x) for evaluation: zˡ = aˡ⁻¹Wˡᵀ + bˡ, aˡ = σ(zˡ). Returns aᴸ. */
    public float[] forward(Workspace ws, float[] x, int m) {
        return forward(ws, x, m, null);
    }

    /**
     * Feedforward; with {@code dropoutRng} (training), layers with dropout keep each output with
     * probability 1 − p and scale it by 1/(1 − p) (inverted dropout: evaluation then needs no scaling).
     */
    public float[] forward(Workspace ws, float[] x, int m, Rng dropoutRng) {
        checkBatch(ws, m);
        if (dropoutRng != null) ws.requireTrainable();
        ws.dropoutApplied = dropoutRng != null;
        float[] in = x;
        int inOff = 0;
        for (int l = 0; l < layers.size(); l++) {
            Dense d = layers.get(l);
            int off = ws.offset[l];
            d.forward(in, inOff, m, ws.z[l], off, ws.activate[l]); // + b and σ on each block of z's rows as its product ends
            in = ws.a[l];
            inOff = off;
            if (dropoutRng != null && d.dropout() > 0) {
                int end = off + m * d.outputSize();
                float[] mask = ws.mask[l];
                fillMask(mask, off, end, d.dropout(), dropoutRng);
                float[] dropped = ws.dropped[l];
                for (int i = off; i < end; i++) dropped[i] = in[i] * mask[i];
                in = dropped;
            }
        }
        return in; // the output layer's a, from 0
    }

    /** mask[i] = 0 with probability p, else 1/(1 − p), for i in [from, to); one 24-bit uniform per unit. */
    static void fillMask(float[] mask, int from, int to, float p, Rng rng) {
        float keep = 1 / (1 - p);
        for (int i = from; i < to; i++) mask[i] = (rng.nextLong() >>> 40) * 0x1p-24f < p ? 0f : keep;
    }

    /**
     * Backpropagation of the error, given δᴸ in {@link Workspace#outputDelta()} (BP1, computed by the
     * cost): for l = L … 1 the layer's gradients (BP3, BP4), then δˡ⁻¹ = (δˡ Wˡ) ⊙ σ'(zˡ⁻¹) (BP2).
     * The gradients land in {@link Workspace#grads()}.
     */
    public void backward(Workspace ws, float[] x, int m) {
        backward(ws, x, m, ws.grads(), null);
    }

    /**
     * Backpropagation with the gradient of parameter i going to {@code into[i]}, and for the weights with
     * a {@code weightBeta[i]} other than 0 added there as into[i] ← fma(into[i], β, ∇W) in the epilogue of
     * ∇W's product: an optimizer's {@code accumulator}, so that momentum's v ← μv + ∇W costs no pass of
     * its own. Biases' β must be 0. weightBeta null: every gradient overwritten, as {@link #backward(Workspace, float[], int)}.
     */
    public void backward(Workspace ws, float[] x, int m, float[][] into, float[] weightBeta) {
        checkBatch(ws, m);
        if (into.length != params.size() || (weightBeta != null && weightBeta.length != params.size())) {
            throw new IllegalArgumentException("gradients for " + into.length + " parameters, the network has " + params.size());
        }
        ws.requireTrainable();
        for (int l = layers.size() - 1; l >= 0; l--) {
            Dense layer = layers.get(l);
            boolean belowDropped = l > 0 && ws.dropoutApplied && layers.get(l - 1).dropout() > 0;
            float[] in = l == 0 ? x : belowDropped ? ws.dropped[l - 1] : ws.a[l - 1];
            int inOff = l == 0 ? 0 : ws.offset[l - 1];
            float[] gradIn = l == 0 ? null : ws.delta[l - 1];
            if (weightBeta != null && weightBeta[2 * l + 1] != 0f) throw new IllegalArgumentException("a bias gradient cannot be accumulated");
            float beta = weightBeta == null ? 0f : weightBeta[2 * l];
            // δˡ⁻¹ = (δˡ Wˡ) ⊙ σ'(zˡ⁻¹) (BP2), the ⊙ (and dropout's mask) on each block of rows as the product ends
            layer.backward(in, inOff, m, ws.delta[l], ws.offset[l], into[2 * l], beta, into[2 * l + 1], gradIn, l == 0 ? null : ws.derive[l - 1]);
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
