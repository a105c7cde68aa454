package org.backprop4j.nn;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.backprop4j.tensor.ElementWise;
import org.backprop4j.tensor.ExecutionContext;
import org.backprop4j.tensor.Gemm;
import org.backprop4j.tensor.Kernels;
import org.backprop4j.tensor.Matrix;
import org.backprop4j.tensor.Rng;

/**
 * A fully connected layer a = σ(W·a_in + b), applied to a mini-batch at once.
 *
 * <p>W is n_out × n_in, as in the notes: w_jk connects input k to neuron j. A mini-batch is stored
 * with one example per row (m × n), so the notes' Z = W·A + b over the columns of A becomes
 * Z = A·Wᵀ + b here: the same numbers, laid out so that each example is contiguous in memory.
 *
 * <p>A trainer may hold W input-major for a while ({@link #setInputMajor}): V = Wᵀ, n_in × n_out, so
 * that both products of the layer, z = a_in·V and ∇V = a_inᵀ·δ, have the input as their left operand
 * and skip its zeros (the sparse-left GEMM). On MNIST, whose pixels are 81% zeros, the first layer's
 * products then do about a third of the dense work.
 *
 * <p>Its input may have any shape (the output of a convolution or pooling layer): its c·h·w values are
 * the n_in inputs, in their stored order, as PyTorch's flatten gives them.
 */
public final class Dense extends Layer {
    private static final ElementWise EW = Kernels.elementWise();

    private final int in;
    private final int out;
    private final Activation activation;
    private final Param weights;
    private final Param bias;
    private final List<Param> params;
    /** Whether W's values are held transposed, n_in × n_out (see {@link #setInputMajor}). */
    private boolean inputMajor;

    public Dense(String name, int in, int out, Activation activation) {
        this(name, Shape.flat(checkSize(name, in, out)), out, activation);
    }

    /** A dense layer on inputs of any shape, taken as their c·h·w values. */
    public Dense(String name, Shape inputShape, int out, Activation activation) {
        super(name, inputShape, Shape.flat(checkSize(name, out, inputShape.size())));
        int in = inputShape.size();
        if (activation == null) throw new IllegalArgumentException(name + ": a dense layer needs an activation (identity for none)");
        this.in = in;
        this.out = out;
        this.activation = activation;
        // line-aligned: the products read W's rows as vectors (5–6% of mlp800's products on two threads; LineAlignment)
        this.weights = new Param(name + ".W", Matrix.lineAligned(out, in), true);
        this.bias = new Param(name + ".b", new Matrix(1, out), false);
        this.params = List.of(weights, bias);
    }

    /** Returns n after checking that n and other, a layer's two sizes, are positive. */
    private static int checkSize(String name, int n, int other) {
        if (n <= 0 || other <= 0) throw new IllegalArgumentException("layer " + name + " needs positive sizes, got " + n + " and " + other);
        return n;
    }

    @Override
    public String kind() { return "dense"; }

    @Override
    public Activation activation() { return activation; }

    public Param weights() { return weights; }

    public Param bias() { return bias; }

    @Override
    public List<Param> params() { return params; }

    @Override
    public String spec() { return "dense " + out + " " + activation.name(); }

    @Override
    public Map<String, String> attributes() {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("units", Integer.toString(out));
        a.put("activation", activation.name());
        return a;
    }

    /** A copy laid out as in the notes (W n_out × n_in), whatever the layout of this one. */
    @Override
    public Dense copy() {
        Dense c = new Dense(name(), inputShape(), out, activation);
        c.weights.value().setValues(weights.value().array(), weights.value().offset());
        if (inputMajor) Matrix.transposeInPlace(c.weights.value().array(), in, out);
        System.arraycopy(bias.value().data(), 0, c.bias.value().data(), 0, out);
        return c;
    }

    @Override
    public void initialize(Init init, Rng rng) { init.initialize(this, rng); }

    @Override
    public long multiplyAdds() { return (long) in * out; }

    @Override
    boolean accumulates(int param) { return param == 0; }

    /** z = a_in·Wᵀ + b with + b and σ on each block of z's rows as its product completes it (the workspace's epilogue). */
    @Override
    void forward(Workspace ws, int l, float[] x, int xOff, int m, Rng rng) {
        products(ws.context, x, xOff, m, 0, out, ws.z[l], ws.offset[l], ws.activate[l]);
    }

    /** The GEMMs of a pass on context c, or of the calling thread alone (c null: the public per-call methods). */
    private static Gemm gemm(ExecutionContext c) { return c == null ? Kernels.serialGemm() : c.gemm(); }

    private static Gemm sparseLeft(ExecutionContext c) { return c == null ? Kernels.serialSparseLeftGemm() : c.sparseLeftGemm(); }

    /** BP3, BP4 and, with gradIn, the (δ·W) of BP2 into the δ below, finished by its σ' epilogue on each block of rows. */
    @Override
    void backward(Workspace ws, int l, float[] x, int xOff, int m, float[][] into, float[] beta, int p0, boolean gradIn) {
        if (beta != null && beta[p0 + 1] != 0f) throw new IllegalArgumentException("a bias gradient cannot be accumulated");
        float betaW = beta == null ? 0f : beta[p0];
        backward(ws.context, x, xOff, m, ws.delta[l], ws.offset[l], into[p0], betaW, into[p0 + 1],
                gradIn ? ws.delta[l - 1] : null, gradIn ? ws.offset[l - 1] : 0, gradIn ? ws.derive[l - 1] : null);
    }

    /** Whether W's values are currently held input-major (n_in × n_out) rather than as in the notes. */
    public boolean inputMajor() { return inputMajor; }

    /**
     * Holds W input-major (V = Wᵀ, n_in × n_out, the values transposed in place) or back as in the notes
     * (n_out × n_in). While input-major, {@link #weights()} holds V's values under W's shape, and the
     * gradients this layer writes have V's layout too, so element-wise optimizers and penalties work
     * unchanged; the products skip the zeros of the input. Every other reader of W (model files,
     * copies, evaluation) expects the layout of the notes: put it back before handing the network on.
     */
    public void setInputMajor(boolean on) {
        if (on == inputMajor) return;
        float[] w = weights.value().array();
        if (on) Matrix.transposeInPlace(w, out, in);
        else Matrix.transposeInPlace(w, in, out);
        inputMajor = on;
    }

    /**
     * Whether holding this layer input-major pays for inputs with this fraction of zeros: at least half
     * (MNIST: 0.81), and 64 units or more (narrower layers spend their time in the kernel's edge tiles).
     */
    public boolean skipsZerosOf(double inputZeroFraction) {
        return out >= 64 && inputZeroFraction >= 0.5;
    }

    /** Forward pass: z = a_in·Wᵀ + b, a = σ(z), for m examples. */
    public void forward(float[] aIn, int m, float[] z, float[] a) { forward(aIn, 0, m, z, a, 0); }

    /**
     * {@link #forward(float[], int, float[], float[])} with a_in from index inOff of its array and z, a
     * from index off of theirs (a workspace's line-aligned buffers).
     */
    public void forward(float[] aIn, int inOff, int m, float[] z, float[] a, int off) {
        products(null, aIn, inOff, m, 0, out, z, off, null);
        activation.forwardWithBias(z, bias.value().data(), a, off, m, out); // + b and σ together where σ has a kernel for both
    }

    /**
     * The epilogue that finishes z's product for buffers z and a from index off: rows [from, to) get
     * z ← z + b and a = σ(z), as {@link #forward(float[], int, int, float[], float[], int)} does after the
     * whole product. A workspace makes one per layer, once, so that a training step allocates nothing.
     */
    public Gemm.Epilogue activationRows(float[] z, float[] a, int off) {
        return (from, to) -> activation.forwardWithBias(z, bias.value().data(), a, off + from * out, to - from, out);
    }

    /**
     * {@link #forward(float[], int, int, float[], float[], int)} with the bias and σ done by {@code activate}
     * ({@link #activationRows} of the same z and off) on each block of z's rows as the product completes
     * it: on the thread that computed the block, while it is in that core's cache. The same bits.
     */
    public void forward(float[] aIn, int inOff, int m, float[] z, int off, Gemm.Epilogue activate) {
        products(null, aIn, inOff, m, 0, out, z, off, activate);
    }

    /**
     * Units [from, to) of z = a_in·Wᵀ + b (m × n_out; a_in from inOff, z from off), for trainers that
     * divide a layer's units among threads: a thread that owns units j reads only rows j of W and entries
     * j of b. Each z_ij comes from the same code either way, so splits on multiples of {@link #UNIT_BLOCK}
     * give the same bits as one call over all units.
     */
    public void weightedInputs(float[] aIn, int inOff, int m, int from, int to, float[] z, int off) {
        products(null, aIn, inOff, m, from, to, z, off, null);
        float[] b = bias.value().data();
        if (from == 0 && to == out) {
            EW.addBias(z, b, off, m, out);
        } else {
            for (int i = 0; i < m; i++) {
                int row = off + i * out;
                for (int j = from; j < to; j++) z[row + j] += b[j];
            }
        }
    }

    /** Units [from, to) of a_in·Wᵀ, without the bias; then the epilogue on z's rows, if not null. */
    private void products(ExecutionContext c, float[] aIn, int inOff, int m, int from, int to, float[] z, int off, Gemm.Epilogue then) {
        Matrix w = weights.value();
        if (inputMajor) {
            // z = a_in·V: columns [from, to) of V
            sparseLeft(c).gemm(false, false, m, to - from, in, 1f, aIn, inOff, in, w.array(), w.offset() + from, out, 0f, z, off + from, out, then);
        } else {
            gemm(c).gemm(false, true, m, to - from, in, 1f, aIn, inOff, in, w.array(), w.offset() + from * in, in, 0f, z, off + from, out, then);
        }
    }

    /** Unit splits on multiples of this keep every kernel's tiles whole (8 rows of ∇W, 4 units of z). */
    public static final int UNIT_BLOCK = 8;

    /**
     * Backward pass for m examples, given δ = ∂C/∂z of this layer (m × n_out):
     * <pre>
     *   ∇b = Σ_x δ            (BP3, summed over the mini-batch)
     *   ∇W = δᵀ · a_in        (BP4: ∂C/∂w_jk = Σ_x δ_j a_k)
     *   gradIn = δ · W        (the (Wᵀδ) factor of BP2, one row per example), if gradIn is not null
     * </pre>
     * δ already carries the 1/m of the mean cost, so these are the gradients of the mini-batch cost.
     * gradW has the weights' layout ({@link Param#newBuffer()}).
     */
    public void backward(float[] aIn, int m, float[] delta, float[] gradW, float[] gradB, float[] gradIn) {
        backward(aIn, 0, m, delta, 0, gradW, 0f, gradB, gradIn);
    }

    /**
     * {@link #backward(float[], int, float[], float[], float[], float[])} with a_in and gradIn from index
     * inOff of their arrays and δ from off, and ∇W going into gradW as gradW ← fma(gradW, β, ∇W) when β
     * is not 0: an optimizer's accumulator (momentum: the velocity, β = μ), updated in the epilogue of
     * ∇W's product.
     */
    public void backward(float[] aIn, int inOff, int m, float[] delta, int off, float[] gradW, float betaW, float[] gradB, float[] gradIn) {
        backward(aIn, inOff, m, delta, off, gradW, betaW, gradB, gradIn, null);
    }

    /**
     * {@link #backward(float[], int, int, float[], int, float[], float, float[], float[])} with gradIn's
     * product running {@code below} on each block of its rows as it completes them: the layer below's
     * σ' (BP2's ⊙ σ'(z), see {@link Workspace}), on the thread that computed the block.
     */
    public void backward(float[] aIn, int inOff, int m, float[] delta, int off, float[] gradW, float betaW, float[] gradB, float[] gradIn,
                         Gemm.Epilogue below) {
        backward(aIn, inOff, m, delta, off, gradW, betaW, gradB, gradIn, inOff, below);
    }

    /** The same with gradIn from its own offset (the layer below's δ) rather than a_in's. */
    public void backward(float[] aIn, int inOff, int m, float[] delta, int off, float[] gradW, float betaW, float[] gradB, float[] gradIn,
                         int gradInOff, Gemm.Epilogue below) {
        backward(null, aIn, inOff, m, delta, off, gradW, betaW, gradB, gradIn, gradInOff, below);
    }

    private void backward(ExecutionContext c, float[] aIn, int inOff, int m, float[] delta, int off, float[] gradW, float betaW, float[] gradB,
                          float[] gradIn, int gradInOff, Gemm.Epilogue below) {
        weightGradient(c, aIn, inOff, m, delta, off, 0, out, betaW, gradW);
        EW.columnSums(delta, off, m, out, 1f, 0f, gradB);
        if (gradIn != null) backpropagate(c, delta, off, m, gradIn, gradInOff, below);
    }

    /**
     * Units [from, to) of ∇W = δᵀ·a_in (BP4; a_in from inOff, δ from off): rows of gradW, or, while
     * input-major, columns of ∇V = a_inᵀ·δ; gradW has the layout of the weights either way, and β is that
     * of gradW ← fma(gradW, β, ∇W) (β = 0: overwritten; see {@code Gemm.updatesWithBeta}).
     */
    public void weightGradient(float[] aIn, int inOff, int m, float[] delta, int off, int from, int to, float beta, float[] gradW) {
        weightGradient(null, aIn, inOff, m, delta, off, from, to, beta, gradW);
    }

    private void weightGradient(ExecutionContext c, float[] aIn, int inOff, int m, float[] delta, int off, int from, int to, float beta,
                                float[] gradW) {
        int w0 = weights.offset();
        if (inputMajor) {
            sparseLeft(c).gemm(true, false, in, to - from, m, 1f, aIn, inOff, in, delta, off + from, out, beta, gradW, w0 + from, out);
        } else {
            gemm(c).gemm(true, false, to - from, in, m, 1f, delta, off + from, out, aIn, inOff, in, beta, gradW, w0 + from * in, in);
        }
    }

    /**
     * gradIn = δ·W (δ·Vᵀ while input-major; δ from off, gradIn from inOff), the error sent to the layer
     * below (BP2 before its σ').
     */
    public void backpropagate(float[] delta, int off, int m, float[] gradIn, int inOff) {
        backpropagate(delta, off, m, gradIn, inOff, null);
    }

    /** {@link #backpropagate(float[], int, int, float[], int)}, then {@code then} on gradIn's rows, if not null. */
    public void backpropagate(float[] delta, int off, int m, float[] gradIn, int inOff, Gemm.Epilogue then) {
        backpropagate(null, delta, off, m, gradIn, inOff, then);
    }

    private void backpropagate(ExecutionContext c, float[] delta, int off, int m, float[] gradIn, int inOff, Gemm.Epilogue then) {
        Matrix w = weights.value();
        if (inputMajor) {
            gemm(c).gemm(false, true, m, in, out, 1f, delta, off, out, w.array(), w.offset(), out, 0f, gradIn, inOff, in, then);
        } else {
            gemm(c).gemm(false, false, m, in, out, 1f, delta, off, out, w.array(), w.offset(), in, 0f, gradIn, inOff, in, then);
        }
    }

    @Override
    public String toString() {
        return "Dense(" + in + " -> " + out + ", " + activation.name() + (inputMajor ? ", input-major" : "") + ")";
    }
}
