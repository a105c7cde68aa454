package org.backprop4j.nn;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.backprop4j.tensor.BatchNormKernels;
import org.backprop4j.tensor.Kernels;
import org.backprop4j.tensor.Matrix;
import org.backprop4j.tensor.Rng;

/**
 * Batch normalization (Ioffe and Szegedy 2015), then an activation: per channel c (per feature of a flat
 * input), over the N = m·h·w values of a mini-batch,
 * <pre>
 *   μ = (1/N) Σ x,   σ² = (1/N) Σ (x − μ)²,   x̂ = (x − μ) / √(σ² + ε),   z = γ·x̂ + β,   a = σ(z)
 * </pre>
 * Training uses the batch's μ and σ² and updates running estimates, r ← (1 − momentum)·r + momentum·batch
 * (the variance unbiased, N/(N − 1)·σ², as PyTorch keeps it); inference uses the running ones, which
 * model files keep. For δ = ∂C/∂z:
 * <pre>
 *   ∇β = Σ δ,   ∇γ = Σ δ·x̂,   ∂C/∂x = γ/(N·√(σ² + ε)) · (N·δ − ∇β − x̂·∇γ)
 * </pre>
 * The sums over the batch are per-plane sums ({@link BatchNormKernels}: 8 float lanes, added in double),
 * added in double per group and the groups in group order ({@link ExampleGroups}), so the result does not
 * depend on the number of threads; μ and σ² come from the sums of x − r, r the running mean, as
 * σ² = E[(x − r)²] − E[x − r]², which keeps its digits once r is near μ. γ and β are not decayed by L2 or L1.
 */
public final class BatchNorm extends Layer {
    private static final BatchNormKernels K = Kernels.batchNorm();
    public static final float DEFAULT_EPSILON = 1e-5f;
    public static final float DEFAULT_MOMENTUM = 0.1f;

    private final int channels;
    private final int plane;
    private final float epsilon;
    private final float momentum;
    private final Activation activation;
    private final Param gamma;
    private final Param beta;
    private final Param runningMean;
    private final Param runningVar;
    private final List<Param> params;
    private final List<Param> state;

    public BatchNorm(String name, Shape in, Activation activation) {
        this(name, in, DEFAULT_EPSILON, DEFAULT_MOMENTUM, activation);
    }

    public BatchNorm(String name, Shape in, float epsilon, float momentum, Activation activation) {
        super(name, in, in);
        if (!(epsilon > 0) || !Float.isFinite(epsilon)) throw new IllegalArgumentException(name + ": epsilon must be positive, got " + epsilon);
        if (!(momentum > 0 && momentum <= 1)) throw new IllegalArgumentException(name + ": momentum must be in (0, 1], got " + momentum);
        if (activation == null) throw new IllegalArgumentException(name + ": batch normalization needs an activation (identity for none)");
        this.channels = in.channels();
        this.plane = in.plane();
        this.epsilon = epsilon;
        this.momentum = momentum;
        this.activation = activation;
        this.gamma = new Param(name + ".gamma", new Matrix(1, channels).fill(1f), false);
        this.beta = new Param(name + ".beta", new Matrix(1, channels), false);
        this.runningMean = new Param(name + ".running_mean", new Matrix(1, channels), false);
        this.runningVar = new Param(name + ".running_var", new Matrix(1, channels).fill(1f), false);
        this.params = List.of(gamma, beta);
        this.state = List.of(runningMean, runningVar);
    }

    @Override
    public String kind() { return "batchnorm"; }

    @Override
    public Activation activation() { return activation; }

    public float epsilon() { return epsilon; }

    public float momentum() { return momentum; }

    @Override
    public List<Param> params() { return params; }

    @Override
    public List<Param> state() { return state; }

    @Override
    public String spec() { return "batchnorm " + activation.name(); }

    /** A negative running variance would make every inference output NaN. */
    @Override
    public void checkState() {
        float[] rv = runningVar.value().data();
        for (int c = 0; c < channels; c++) {
            if (!(rv[c] >= 0)) throw new IllegalArgumentException("tensor " + runningVar.name() + " holds " + rv[c] + " at index " + c + ": a variance");
        }
    }

    @Override
    public Map<String, String> attributes() {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("epsilon", Float.toString(epsilon));
        a.put("momentum", Float.toString(momentum));
        a.put("activation", activation.name());
        return a;
    }

    @Override
    public BatchNorm copy() {
        BatchNorm c = new BatchNorm(name(), inputShape(), epsilon, momentum, activation);
        List<Param> from = tensors(), to = c.tensors();
        for (int i = 0; i < from.size(); i++) to.get(i).value().setValues(from.get(i).value().array(), 0);
        return c;
    }

    private List<Param> tensors() { return List.of(gamma, beta, runningMean, runningVar); }

    @Override
    boolean trainingDiffers() { return true; }

    @Override
    Object newScratch(int capacity, int offset, boolean trainable, int threads) { return new Pass(capacity); }

    @Override
    void forward(Workspace ws, int l, float[] x, int xOff, int m, Rng rng) {
        Pass p = (Pass) ws.scratch[l];
        p.start(ws, l, x, xOff);
        if (ws.training) {
            p.stage = Stage.STATISTICS;
            float[] rm = runningMean.value().data(), rv = runningVar.value().data();
            System.arraycopy(rm, 0, p.shift, 0, channels); // sums about the running mean: near μ, so no digits cancel
            int groups = p.runGroups(ws.context, m);
            double n = (double) m * plane;
            for (int c = 0; c < channels; c++) {
                double s = 0, ss = 0;
                for (int q = 0; q < groups; q++) {
                    s += p.sum[q][c];
                    ss += p.sumSq[q][c];
                }
                double shifted = s / n; // E[x − r]
                double mean = p.shift[c] + shifted;
                double var = Math.max(0, ss / n - shifted * shifted);
                p.mean[c] = (float) mean;
                p.invStd[c] = (float) (1 / Math.sqrt(var + epsilon));
                rm[c] = (float) ((1 - momentum) * rm[c] + momentum * mean);
                rv[c] = (float) ((1 - momentum) * rv[c] + momentum * (n > 1 ? var * n / (n - 1) : var));
            }
            p.stage = Stage.NORMALIZE;
        } else {
            float[] rm = runningMean.value().data(), rv = runningVar.value().data();
            for (int c = 0; c < channels; c++) {
                p.mean[c] = rm[c];
                p.invStd[c] = (float) (1 / Math.sqrt((double) rv[c] + epsilon));
            }
            p.stage = Stage.NORMALIZE;
        }
        p.runGroups(ws.context, m);
        p.finish();
    }

    @Override
    void backward(Workspace ws, int l, float[] x, int xOff, int m, float[][] into, float[] beta, int p0, boolean gradIn) {
        if (!ws.training) throw new IllegalStateException(name() + ": a backward pass needs a training forward pass (the batch's statistics)");
        if (beta != null && (beta[p0] != 0f || beta[p0 + 1] != 0f)) throw new IllegalArgumentException("batch normalization's gradients cannot be accumulated");
        Pass p = (Pass) ws.scratch[l];
        p.start(ws, l, x, xOff);
        p.stage = Stage.GRADIENT_SUMS;
        int groups = p.runGroups(ws.context, m);
        float[] gg = into[p0], gb = into[p0 + 1];
        int g0 = gamma.offset(), b0 = this.beta.offset();
        for (int c = 0; c < channels; c++) {
            double sd = 0, sdx = 0;
            for (int q = 0; q < groups; q++) {
                sd += p.sum[q][c];
                sdx += p.sumSq[q][c];
            }
            gb[b0 + c] = (float) sd;
            gg[g0 + c] = (float) sdx;
            p.sumDelta[c] = (float) sd;
            p.sumDeltaXhat[c] = (float) sdx;
        }
        if (gradIn) {
            p.stage = Stage.INPUT_GRADIENT;
            p.runGroups(ws.context, m);
        }
        p.finish();
    }

    private enum Stage { STATISTICS, NORMALIZE, GRADIENT_SUMS, INPUT_GRADIENT }

    private final class Pass extends ExampleGroups {
        /** Per group, per channel: Σx and Σx² (statistics), or Σδ and Σδ·x̂ (gradients). */
        final double[][] sum;
        final double[][] sumSq;
        /** Per channel, the μ and 1/√(σ² + ε) in use, and the gradient sums. */
        final float[] mean = new float[channels];
        final float[] invStd = new float[channels];
        final float[] sumDelta = new float[channels];
        final float[] sumDeltaXhat = new float[channels];
        /** Per channel, the running mean the statistics are summed about. */
        final float[] shift = new float[channels];
        /** Per group, a plane's two sums. */
        final double[][] pair;
        Stage stage;
        private Workspace ws;
        private int l;
        private float[] x;
        private int xOff;

        Pass(int capacity) {
            int groups = groups(capacity);
            sum = new double[groups][channels];
            sumSq = new double[groups][channels];
            pair = new double[groups][2];
        }

        void start(Workspace ws, int l, float[] x, int xOff) {
            this.ws = ws;
            this.l = l;
            this.x = x;
            this.xOff = xOff;
        }

        void finish() {
            ws = null;
            x = null;
        }

        /** The stage's work on examples [from, to) of group q, one method per stage. */
        @Override
        void group(int part, int q, int from, int to) {
            switch (stage) {
                case STATISTICS, GRADIENT_SUMS -> sums(q, from, to);
                case NORMALIZE -> normalize(from, to);
                case INPUT_GRADIENT -> inputGradient(from, to);
            }
        }

        /** Group q's per-channel Σx, Σx² about the running mean (statistics) or Σδ, Σδ·x̂ (gradients). */
        private void sums(int q, int from, int to) {
            int size = inputSize(), off = ws.offset[l];
            double[] two = pair[q], s = sum[q], ss = sumSq[q];
            java.util.Arrays.fill(s, 0);
            java.util.Arrays.fill(ss, 0);
            if (stage == Stage.STATISTICS) {
                for (int n = from; n < to; n++) {
                    for (int c = 0; c < channels; c++) {
                        K.sums(x, xOff + n * size + c * plane, plane, shift[c], two);
                        s[c] += two[0];
                        ss[c] += two[1];
                    }
                }
            } else {
                float[] d = ws.delta[l];
                for (int n = from; n < to; n++) {
                    for (int c = 0; c < channels; c++) {
                        int i = xOff + n * size + c * plane;
                        K.gradientSums(x, i, d, off + n * size + c * plane, plane, mean[c], invStd[c], two);
                        s[c] += two[0];
                        ss[c] += two[1];
                    }
                }
            }
        }

        private void normalize(int from, int to) {
            int size = inputSize(), off = ws.offset[l];
            float[] z = ws.z[l], gm = gamma.value().data(), bt = beta.value().data();
            for (int n = from; n < to; n++) {
                for (int c = 0; c < channels; c++) {
                    K.normalize(x, xOff + n * size + c * plane, z, off + n * size + c * plane, plane, mean[c], invStd[c], gm[c], bt[c]);
                }
            }
            activation.forward(z, ws.a[l], off + from * size, to - from, size);
        }

        private void inputGradient(int from, int to) {
            int size = inputSize(), off = ws.offset[l];
            float[] d = ws.delta[l], gx = ws.delta[l - 1], gm = gamma.value().data();
            int gxOff = ws.offset[l - 1];
            float count = (float) batch() * plane; // N
            for (int n = from; n < to; n++) {
                for (int c = 0; c < channels; c++) {
                    int at = n * size + c * plane;
                    K.inputGradient(x, xOff + at, d, off + at, gx, gxOff + at, plane, mean[c], invStd[c], gm[c] * invStd[c] / count,
                            count, sumDelta[c], sumDeltaXhat[c]);
                }
            }
            if (ws.derive[l - 1] != null) ws.derive[l - 1].rows(from, to);
        }
    }
}
