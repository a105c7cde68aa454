package org.backprop4j.nn;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.backprop4j.tensor.ConvGeometry;
import org.backprop4j.tensor.Gemm;
import org.backprop4j.tensor.Im2colConvolution;
import org.backprop4j.tensor.Kernels;
import org.backprop4j.tensor.Matrix;
import org.backprop4j.tensor.Rng;

/**
 * A 2-D convolution a = σ(z), z = W ⋆ x + b: c_out filters of c_in × k_h × k_w weights slide over the
 * input with a stride, each giving one output channel (Nielsen chapter 6's local receptive fields and
 * shared weights). It computes the cross-correlation of PyTorch and ONNX, and W is stored as their
 * [c_out, c_in, k_h, k_w] (a c_out × c_in·k_h·k_w matrix), so weights carry over 1:1.
 *
 * <p>The products run through im2col and the GEMM ({@link Im2colConvolution}); the batch is cut into
 * groups of examples that the kernel threads take in turn ({@link ExampleGroups}), and each group's
 * weight gradient is added to the others' in group order, so the result does not depend on the number
 * of threads. For δ = ∂C/∂z:
 * <pre>
 *   ∇W[o, c, ky, kx] = Σ_x Σ_{oy, ox} δ[o, oy, ox] · x[c, oy·s + ky, ox·s + kx]   (the analogue of BP4)
 *   ∇b[o] = Σ_x Σ_{oy, ox} δ[o, oy, ox]                                             (BP3)
 *   ∂C/∂x[c, iy, ix] = Σ over the filters' weights that read x[c, iy, ix] of δ·w   (BP2 before σ' below)
 * </pre>
 */
public final class Conv2d extends Layer {
    private static final Gemm GEMM = Kernels.serialGemm();

    private final ConvGeometry g;
    private final boolean same;
    private final Activation activation;
    private final Param weights;
    private final Param bias;
    private final List<Param> params;
    private final Im2colConvolution kernel;

    /** c_out filters of k_h × k_w on inputs of the given shape, 'same' or 'valid' padding. */
    public Conv2d(String name, Shape in, int filters, int kernelHeight, int kernelWidth, int stride, boolean same, Activation activation) {
        this(name, geometry(name, in, filters, kernelHeight, kernelWidth, stride, same), same, activation);
    }

    /** A convolution of the given geometry (explicit padding, as model files hold it). */
    public Conv2d(String name, ConvGeometry g, boolean same, Activation activation) {
        super(name, new Shape(g.inChannels(), g.height(), g.width()), new Shape(g.outChannels(), g.outHeight(), g.outWidth()));
        if (activation == null) throw new IllegalArgumentException(name + ": a convolution needs an activation (identity for none)");
        this.g = g;
        this.same = same;
        this.activation = activation;
        this.weights = new Param(name + ".W", Matrix.lineAligned(g.outChannels(), g.patch()), true,
                new int[] {g.outChannels(), g.inChannels(), g.kernelHeight(), g.kernelWidth()});
        this.bias = new Param(name + ".b", new Matrix(1, g.outChannels()), false);
        this.params = List.of(weights, bias);
        this.kernel = new Im2colConvolution(g, GEMM, Kernels.im2col());
    }

    private static ConvGeometry geometry(String name, Shape in, int filters, int kh, int kw, int stride, boolean same) {
        try {
            return ConvGeometry.of(in.channels(), in.height(), in.width(), filters, kh, kw, stride, same);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": " + e.getMessage());
        }
    }

    @Override
    public String kind() { return "conv2d"; }

    public ConvGeometry geometry() { return g; }

    @Override
    public Activation activation() { return activation; }

    public Param weights() { return weights; }

    public Param bias() { return bias; }

    @Override
    public List<Param> params() { return params; }

    @Override
    public String spec() {
        String k = g.kernelHeight() + "x" + g.kernelWidth();
        return "conv " + g.outChannels() + " " + k + " " + activation.name() + (g.stride() != 1 ? " stride " + g.stride() : "")
                + (same ? " same" : "");
    }

    @Override
    public Map<String, String> attributes() {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("filters", Integer.toString(g.outChannels()));
        a.put("kernel_h", Integer.toString(g.kernelHeight()));
        a.put("kernel_w", Integer.toString(g.kernelWidth()));
        a.put("stride", Integer.toString(g.stride()));
        a.put("padding", same ? "same" : "valid");
        a.put("pad_top", Integer.toString(g.padTop()));
        a.put("pad_left", Integer.toString(g.padLeft()));
        a.put("pad_bottom", Integer.toString(g.padBottom()));
        a.put("pad_right", Integer.toString(g.padRight()));
        a.put("activation", activation.name());
        return a;
    }

    @Override
    public Conv2d copy() {
        Conv2d c = new Conv2d(name(), g, same, activation);
        c.weights.value().setValues(weights.value().array(), weights.value().offset());
        c.bias.value().setValues(bias.value().array(), bias.value().offset());
        return c;
    }

    /** Fan-in c_in·k_h·k_w and fan-out c_out·k_h·k_w, as PyTorch's initializers count them. */
    @Override
    public void initialize(Init init, Rng rng) {
        init.initialize(weights, bias, g.patch(), g.outChannels() * g.kernelHeight() * g.kernelWidth(), rng);
    }

    @Override
    public long multiplyAdds() { return (long) g.outChannels() * g.patch() * g.positions(); }

    @Override
    boolean accumulates(int param) { return param == 0; }

    @Override
    Object newScratch(int capacity, int offset, boolean trainable, int threads) { return new Pass(capacity, trainable, threads); }

    @Override
    void forward(Workspace ws, int l, float[] x, int xOff, int m, Rng rng) {
        Pass p = (Pass) ws.scratch[l];
        p.start(ws, l, x, xOff, false, false);
        p.runGroups(ws.context, m);
        p.finish();
    }

    @Override
    void backward(Workspace ws, int l, float[] x, int xOff, int m, float[][] into, float[] beta, int p0, boolean gradIn) {
        if (beta != null && beta[p0 + 1] != 0f) throw new IllegalArgumentException("a bias gradient cannot be accumulated");
        Pass p = (Pass) ws.scratch[l];
        p.start(ws, l, x, xOff, true, gradIn);
        int groups = p.runGroups(ws.context, m);
        p.finish();
        // ∇W and ∇b: the groups' sums added in group order, then into the target as β asks
        float[] gw = into[p0];
        float betaW = beta == null ? 0f : beta[p0];
        int w0 = weights.offset(), n = weights.size(), cout = g.outChannels();
        float[] sum = p.sumW;
        System.arraycopy(p.gw[0], 0, sum, 0, n);
        for (int q = 1; q < groups; q++) {
            float[] part = p.gw[q];
            for (int i = 0; i < n; i++) sum[i] += part[i];
        }
        if (betaW == 0f) System.arraycopy(sum, 0, gw, w0, n);
        else if (betaW == 1f) for (int i = 0; i < n; i++) gw[w0 + i] += sum[i];
        else for (int i = 0; i < n; i++) gw[w0 + i] = Math.fma(gw[w0 + i], betaW, sum[i]); // Gemm.updatesWithBeta's rule
        float[] gb = into[p0 + 1];
        int b0 = bias.offset();
        for (int o = 0; o < cout; o++) {
            float s = p.gb[0][o];
            for (int q = 1; q < groups; q++) s += p.gb[q][o];
            gb[b0 + o] = s;
        }
    }

    /** One workspace's buffers for this layer and the task that runs its groups. */
    private final class Pass extends ExampleGroups {
        /** Per part: the group's im2col matrix, its δ side by side, and the gradient of its im2col matrix. */
        private float[][] col = new float[0][];
        private float[][] dgroup = new float[0][];
        private float[][] gcol = new float[0][];
        /** Per group: its ∇W and ∇b (trainable workspaces). */
        final float[][] gw;
        final float[][] gb;
        final float[] sumW;
        private final int largest;
        private final boolean trainable;
        // the call in progress
        private Workspace ws;
        private int l;
        private float[] x;
        private int xOff;
        private boolean backward;
        private boolean gradIn;

        /** The most groups of any batch up to the capacity: more parts than that never run. */
        private final int maxGroups;

        Pass(int capacity, boolean trainable, int threads) {
            this.trainable = trainable;
            largest = largestGroup(capacity);
            int groups = groups(capacity);
            maxGroups = groups;
            gw = trainable ? new float[groups][g.outChannels() * g.patch()] : null;
            gb = trainable ? new float[groups][g.outChannels()] : null;
            sumW = trainable ? new float[g.outChannels() * g.patch()] : null;
            ensureParts(Math.min(threads, groups));
        }

        private void ensureParts(int parts) {
            if (col.length >= parts) return;
            int from = col.length;
            col = java.util.Arrays.copyOf(col, parts);
            dgroup = java.util.Arrays.copyOf(dgroup, parts);
            gcol = java.util.Arrays.copyOf(gcol, parts);
            for (int q = from; q < parts; q++) {
                int sub = trainable ? kernel.subGroup(largest) : 1; // the forward pass needs one example's matrix
                col[q] = new float[Workspace.size(0, (long) g.patch() * sub, g.positions())];
                if (trainable) {
                    dgroup[q] = new float[Workspace.size(0, (long) g.outChannels() * sub, g.positions())];
                    gcol[q] = new float[Workspace.size(0, g.patch(), g.positions())];
                }
            }
        }

        void start(Workspace ws, int l, float[] x, int xOff, boolean backward, boolean gradIn) {
            if (backward && !trainable) throw new IllegalStateException("an inference workspace holds no gradients");
            ensureParts(Math.min(ws.context().threads(), maxGroups)); // the workspace's context: sized already
            this.ws = ws;
            this.l = l;
            this.x = x;
            this.xOff = xOff;
            this.backward = backward;
            this.gradIn = gradIn;
        }

        void finish() {
            ws = null;
            x = null;
        }

        @Override
        void group(int part, int q, int from, int to) {
            int off = ws.offset[l];
            Matrix w = weights.value();
            if (!backward) {
                float[] z = ws.z[l];
                kernel.forward(x, xOff, from, to, w.array(), w.offset(), z, off, col[part]);
                float[] b = bias.value().data();
                int p = g.positions(), size = g.outputSize();
                for (int n = from; n < to; n++) {
                    for (int o = 0; o < g.outChannels(); o++) {
                        float bo = b[o];
                        for (int i = off + n * size + o * p, end = i + p; i < end; i++) z[i] += bo;
                    }
                }
                activation.forward(z, ws.a[l], off + from * size, to - from, size);
                return;
            }
            float[] gx = gradIn ? ws.delta[l - 1] : null;
            int gxOff = gradIn ? ws.offset[l - 1] : 0;
            kernel.backward(x, xOff, from, to, ws.delta[l], off, w.array(), w.offset(), gw[q], 0, gb[q], 0, gx, gxOff,
                    col[part], dgroup[part], gcol[part]);
            if (gradIn && ws.derive[l - 1] != null) ws.derive[l - 1].rows(from, to); // σ' of the layer below on these examples
        }
    }
}
