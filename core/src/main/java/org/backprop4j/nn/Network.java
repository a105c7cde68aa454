package org.backprop4j.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.backprop4j.tensor.ExecutionContext;
import org.backprop4j.tensor.Rng;

/**
 * A feed-forward network: a checked sequence of {@link Layer}s, each taking the shape the one below
 * gives, trained by backpropagation over a whole mini-batch (no loop over examples). For dense layers
 * that is the notes' aˡ = σ(Wˡaˡ⁻¹ + bˡ) and the four equations; other layers bring their own forward
 * and backward passes and fit in between.
 */
public final class Network {
    private final List<Layer> layers;
    private final List<Param> params;
    private final List<Param> state;
    /** Per layer, the index in {@link #params()} of its first parameter. */
    private final int[] firstParam;
    /** Per layer, whether some layer below it has parameters, so that it must pass the gradient down. */
    private final boolean[] gradientBelow;
    private final boolean hasDropout;

    public Network(List<? extends Layer> layers) {
        if (layers.isEmpty()) throw new IllegalArgumentException("a network needs at least one layer");
        for (int l = 1; l < layers.size(); l++) {
            Layer below = layers.get(l - 1), layer = layers.get(l);
            boolean fits = layer.inputShape().equals(below.outputShape())
                    || layer instanceof Dense && layer.inputSize() == below.outputSize(); // a dense layer flattens its input
            if (!fits) {
                throw new IllegalArgumentException("layer " + (l + 1) + " (" + layer.spec() + ") takes " + describe(layer.inputShape())
                        + " but layer " + l + " (" + below.spec() + ") gives " + describe(below.outputShape()));
            }
        }
        for (int l = 0; l < layers.size() - 1; l++) {
            if (layers.get(l).activation() instanceof Softmax) {
                throw new IllegalArgumentException("layer " + (l + 1) + " (" + layers.get(l).spec() + "): softmax is only supported on the output layer");
            }
        }
        Layer top = layers.get(layers.size() - 1);
        if (top.activation() == null) {
            throw new IllegalArgumentException("layer " + layers.size() + " (" + top.spec() + "): the output layer needs an activation, as costs read its z and a;"
                    + " end with a dense layer");
        }
        this.layers = List.copyOf(layers);
        List<Param> ps = new ArrayList<>();
        List<Param> st = new ArrayList<>();
        firstParam = new int[layers.size()];
        gradientBelow = new boolean[layers.size()];
        boolean below = false, dropout = false;
        for (int l = 0; l < layers.size(); l++) {
            Layer layer = layers.get(l);
            firstParam[l] = ps.size();
            gradientBelow[l] = below;
            ps.addAll(layer.params());
            st.addAll(layer.state());
            below |= !layer.params().isEmpty();
            dropout |= layer instanceof Dropout;
        }
        this.params = Collections.unmodifiableList(ps);
        this.state = Collections.unmodifiableList(st);
        this.hasDropout = dropout;
    }

    private static String describe(Shape s) {
        return s.isFlat() ? s.size() + " inputs" : s + " (" + s.size() + " values)";
    }

    /**
     * A network of dense layers with the given sizes (input first), one activation for the hidden layers
     * and one for the output, initialized by {@code init} from {@code rng}.
     */
    public static Network of(int[] sizes, Activation hidden, Activation output, Init init, Rng rng) {
        return mlp(sizes, hidden, output, init, rng, 0f);
    }

    /**
     * {@link #of} with a {@link Dropout} layer of probability {@code dropout} after every hidden layer
     * (none when 0). The dense layers are drawn in order from rng, as without dropout.
     */
    public static Network mlp(int[] sizes, Activation hidden, Activation output, Init init, Rng rng, float dropout) {
        if (sizes.length < 2) throw new IllegalArgumentException("need at least an input and an output size");
        List<Layer> layers = new ArrayList<>();
        for (int l = 1; l < sizes.length; l++) {
            Activation act = l == sizes.length - 1 ? output : hidden;
            Dense d = new Dense("layer" + (layers.size() + 1), sizes[l - 1], sizes[l], act);
            layers.add(d);
            if (dropout > 0 && l < sizes.length - 1) layers.add(new Dropout("layer" + (layers.size() + 1), d.outputShape(), dropout));
        }
        Network net = new Network(layers);
        init.initialize(net, rng);
        return net;
    }

    public List<Layer> layers() { return layers; }

    /** The layers as dense layers when every one is, else null: the fast paths for multilayer perceptrons. */
    public List<Dense> denseLayers() {
        List<Dense> d = new ArrayList<>(layers.size());
        for (Layer l : layers) {
            if (!(l instanceof Dense dense)) return null;
            d.add(dense);
        }
        return d;
    }

    /** A deep copy: the same layers and values (dense weights laid out as in the notes), sharing nothing. */
    public Network copy() {
        List<Layer> copies = new ArrayList<>();
        for (Layer l : layers) copies.add(l.copy());
        return new Network(copies);
    }

    /** Every layer's parameters in order (W¹, b¹, W², b², … for dense layers): the order of {@link Workspace#grads()} and of model files. */
    public List<Param> params() { return params; }

    /** Tensors of the model that gradients do not move (batch normalization's running statistics). */
    public List<Param> state() { return state; }

    /** {@link #params()} then {@link #state()}: everything a model file or a best-epoch snapshot holds. */
    public List<Param> tensors() {
        List<Param> t = new ArrayList<>(params);
        t.addAll(state);
        return t;
    }

    /** The index in {@link #params()} of layer l's first parameter. */
    public int firstParam(int layer) { return firstParam[layer]; }

    public Shape inputShape() { return layers.get(0).inputShape(); }

    public int inputSize() { return layers.get(0).inputSize(); }

    public int outputSize() { return layers.get(layers.size() - 1).outputSize(); }

    public Activation outputActivation() { return layers.get(layers.size() - 1).activation(); }

    /** Whether some layer is a dropout layer. */
    public boolean hasDropout() { return hasDropout; }

    /**
     * Layer sizes, input first, e.g. [784, 30, 10], for a network of dense layers.
     *
     * @throws IllegalStateException for a network with other layers
     */
    public int[] sizes() {
        int[] s = new int[layers.size() + 1];
        s[0] = inputSize();
        for (int l = 0; l < layers.size(); l++) {
            if (!(layers.get(l) instanceof Dense)) throw new IllegalStateException("sizes() is for dense networks; this one has " + layers.get(l).spec());
            s[l + 1] = layers.get(l).outputSize();
        }
        return s;
    }

    public long parameterCount() {
        long n = 0;
        for (Param p : params) n += p.size();
        return n;
    }

    /** Multiply-adds of one example's forward pass through the layers' products. */
    public long multiplyAdds() {
        long n = 0;
        for (Layer l : layers) n += l.multiplyAdds();
        return n;
    }

    /** A workspace for up to {@code batchCapacity} examples, training and evaluation, on a context of its own. */
    public Workspace workspace(int batchCapacity) { return workspace(batchCapacity, ExecutionContext.create()); }

    /** A workspace for up to {@code batchCapacity} examples, training and evaluation, on {@code context}'s threads. */
    public Workspace workspace(int batchCapacity, ExecutionContext context) { return new Workspace(this, batchCapacity, true, context); }

    /** Buffers for feedforwards only (evaluation, serving), on a context of their own: no δ, no gradients, no dropout masks. */
    public Workspace inferenceWorkspace(int batchCapacity) { return inferenceWorkspace(batchCapacity, ExecutionContext.create()); }

    /** Buffers for feedforwards only, on {@code context}'s threads. */
    public Workspace inferenceWorkspace(int batchCapacity, ExecutionContext context) {
        return new Workspace(this, batchCapacity, false, context);
    }

    /**
     * Feedforward of m examples (rows of x) for evaluation: each layer as at inference, inverted dropout
     * passing its input on (dropout scaled at inference multiplying it by 1 − p) and batch normalization
     * using its running statistics. Returns aᴸ, from index 0.
     */
    public float[] forward(Workspace ws, float[] x, int m) {
        return pass(ws, x, m, false, null);
    }

    /**
     * Feedforward in training: dropout layers keep each value with probability 1 − p (inverted ones
     * scaling it by 1/(1 − p)), with masks drawn from {@code dropoutRng} (null only for a network without dropout), and
     * batch normalization uses the batch's statistics (updating its running ones).
     */
    public float[] forward(Workspace ws, float[] x, int m, Rng dropoutRng) {
        return pass(ws, x, m, true, dropoutRng);
    }

    private float[] pass(Workspace ws, float[] x, int m, boolean training, Rng rng) {
        checkBatch(ws, m);
        if (x.length < (long) m * inputSize()) {
            throw new IllegalArgumentException("a batch of " + m + " needs " + (long) m * inputSize() + " input values, got " + x.length);
        }
        if (training) ws.requireTrainable(); // dropout's masks, and a pass that backpropagation may follow
        if (training && hasDropout) {
            if (rng == null) throw new IllegalArgumentException("a training pass through dropout needs a generator for its masks");
        }
        ws.training = training;
        float[] in = x;
        int inOff = 0;
        for (int l = 0; l < layers.size(); l++) {
            Layer layer = layers.get(l);
            ws.input[l] = in;
            ws.inputOffset[l] = inOff;
            if (!training && layer instanceof Dropout d && d.inverted()) continue; // evaluation keeps every value
            layer.forward(ws, l, in, inOff, m, rng);
            in = ws.a[l];
            inOff = ws.offset[l];
        }
        return in; // the output layer's a, from 0
    }

    /**
     * Backpropagation of the error, given δᴸ in {@link Workspace#outputDelta()} (BP1, computed by the
     * cost): for l = L … 1 the layer's gradients (BP3, BP4 for dense layers), then the gradient with
     * respect to its input, sent to the layer below (BP2). The gradients land in {@link Workspace#grads()}.
     */
    public void backward(Workspace ws, float[] x, int m) {
        backward(ws, x, m, ws.grads(), null);
    }

    /**
     * Backpropagation with the gradient of parameter i going to {@code into[i]}, and for the weights with
     * a {@code weightBeta[i]} other than 0 added there as into[i] ← fma(into[i], β, ∇W) in the pass that
     * computes ∇W: an optimizer's {@code accumulator}, so that momentum's v ← μv + ∇W costs no pass of its
     * own ({@link #accumulates(int)} says which parameters allow it). weightBeta null: every gradient
     * overwritten, as {@link #backward(Workspace, float[], int)}.
     */
    public void backward(Workspace ws, float[] x, int m, float[][] into, float[] weightBeta) {
        checkBatch(ws, m);
        if (into.length != params.size() || (weightBeta != null && weightBeta.length != params.size())) {
            throw new IllegalArgumentException("gradients for " + into.length + " parameters, the network has " + params.size());
        }
        if (weightBeta != null) {
            for (int i = 0; i < weightBeta.length; i++) {
                if (weightBeta[i] != 0f && !accumulates(i)) throw new IllegalArgumentException("the gradient of " + params.get(i).name() + " cannot be accumulated");
            }
        }
        ws.requireTrainable();
        for (int l = layers.size() - 1; l >= 0; l--) {
            Layer layer = layers.get(l);
            if (layer.params().isEmpty() && !gradientBelow[l]) continue; // nothing below needs its gradient
            float[] in = l == 0 ? x : ws.input[l];
            int inOff = l == 0 ? 0 : ws.inputOffset[l];
            layer.backward(ws, l, in, inOff, m, into, weightBeta, firstParam[l], gradientBelow[l]);
        }
    }

    /** Whether parameter i's gradient may go into an optimizer's accumulator in the pass that computes it. */
    public boolean accumulates(int param) {
        for (int l = layers.size() - 1; l >= 0; l--) {
            if (param >= firstParam[l]) return layers.get(l).accumulates(param - firstParam[l]);
        }
        return false;
    }

    private void checkBatch(Workspace ws, int m) {
        if (m <= 0 || m > ws.capacity) {
            throw new IllegalArgumentException("batch of " + m + " does not fit a workspace of " + ws.capacity);
        }
    }

    /** The network in the form of {@code --net}: its layers' specs, comma-separated. */
    public String spec() {
        StringBuilder sb = new StringBuilder();
        for (Layer l : layers) sb.append(sb.length() == 0 ? "" : ", ").append(l.spec());
        return sb.toString();
    }

    /** One line per layer: its number, spec, output shape and parameter count; then the totals. */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "  %-6s %-28s %-12s %10s%n", "layer", "", "output", "parameters"));
        sb.append(String.format(Locale.ROOT, "  %-6s %-28s %-12s %10s%n", "", "input", inputShape(), ""));
        for (int l = 0; l < layers.size(); l++) {
            Layer layer = layers.get(l);
            long n = 0;
            for (Param p : layer.params()) n += p.size();
            sb.append(String.format(Locale.ROOT, "  %-6d %-28s %-12s %10d%n", l + 1, layer.spec(), layer.outputShape(), n));
        }
        sb.append(String.format(Locale.ROOT, "  %d parameters, %.2f M multiply-adds per example", parameterCount(), multiplyAdds() / 1e6));
        return sb.toString();
    }

    @Override
    public String toString() { return "Network(" + inputShape() + ": " + spec() + ")"; }
}
