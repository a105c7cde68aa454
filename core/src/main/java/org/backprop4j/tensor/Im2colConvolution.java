package org.backprop4j.tensor;

/**
 * A convolution's three products on a group of examples, through {@link Im2col} and a GEMM (the vector
 * kernels, or {@link PlainGemm} and {@link PlainIm2col}, their plain twins; {@link ReferenceConvolution}
 * is the oracle). For the
 * c examples of a group, their im2col matrices sit side by side in one K × c·P matrix "col", and their
 * δ, c_out × P each, in one c_out × c·P matrix "Δ":
 * <pre>
 *   forward          z_n = W · col_n                 (c_out × P, for each example n)
 *   weights          ∇W  = Δ · colᵀ                  (c_out × K: Σ over the group's examples and positions)
 *   biases           ∇b  = Σ over the columns of Δ
 *   input            ∂C/∂x_n = col2im(Wᵀ · Δ_n)      (for each n)
 * </pre>
 * Side by side, the weight gradient is one product whose sums run over c·P terms instead of c products
 * of P terms. The group's sums are in a fixed order, so a caller that adds groups in a fixed order gets
 * the same bits however many threads computed them.
 *
 * <p>A group whose im2col matrices would take more than {@link #MAX_COLUMNS} floats (1 MB) is taken in
 * sub-groups of {@link #subGroup} examples, their weight gradients added in order (β = 1), so that the
 * matrix stays in L2: LeNet's layers fit whole (25 × 8·576 and 500 × 8·64), a 3 × 3 layer of 32
 * channels on 24 × 24 takes one example at a time. The forward pass builds one example's matrix at a
 * time, which changes no sum.
 *
 * <p>Buffers are the caller's: col holds K·{@link #subGroup}·P floats, dgroup c_out·subGroup·P and gcol
 * K·P; one instance serves any number of threads.
 */
public final class Im2colConvolution {
    private final ConvGeometry g;
    private final Gemm gemm;
    private final Im2col columns;
    /** A row of ones shared by this convolution's threads: grown, filled, then published (never written after). */
    private volatile float[] ones = new float[0];

    /** At least n ones. */
    private float[] ones(int n) {
        float[] o = ones;
        if (o.length >= n) return o;
        synchronized (this) {
            if (ones.length < n) {
                float[] grown = new float[Math.max(n, 2 * ones.length)];
                java.util.Arrays.fill(grown, 1f);
                ones = grown;
            }
            return ones;
        }
    }

    /**
     * On a GEMM that runs on the calling thread (a caller divides its examples among threads itself) and
     * an im2col (the vector one, or {@link PlainIm2col}, with a plain GEMM its plain twin).
     */
    public Im2colConvolution(ConvGeometry g, Gemm gemm, Im2col columns) {
        this.g = g;
        this.gemm = gemm;
        this.columns = columns;
    }

    public ConvGeometry geometry() { return g; }

    /** Floats of im2col matrices a group keeps at once: 1 MB, half of a Zen 4 core's L2. */
    public static final int MAX_COLUMNS = 1 << 18;

    /** Examples whose im2col matrices are built together in the backward pass: as many as fit {@link #MAX_COLUMNS}, at least 1. */
    public int subGroup(int groupSize) {
        return (int) Math.max(1, Math.min(groupSize, MAX_COLUMNS / ((long) g.patch() * g.positions())));
    }

    /**
     * z_n = W·col_n for examples n0 … n1 − 1 (rows of x from xOff, of z from zOff, each c_in·h·w and
     * c_out·P wide), without the bias. w holds W (c_out × K) from wOff. One example's im2col matrix at a
     * time, in col (K·P floats at least).
     */
    public void forward(float[] x, int xOff, int n0, int n1, float[] w, int wOff, float[] z, int zOff, float[] col) {
        int k = g.patch(), p = g.positions(), cout = g.outChannels();
        for (int n = n0; n < n1; n++) {
            columns.im2col(g, x, xOff + n * g.inputSize(), col, 0, p);
            gemm.gemm(false, false, cout, p, k, 1f, w, wOff, k, col, 0, p, 0f, z, zOff + n * g.outputSize(), p);
        }
    }

    /**
     * The gradients of examples n0 … n1 − 1 given their δ (rows from dOff): ∇W of the group into gw
     * (c_out × K from gwOff, overwritten), ∇b into gb (c_out from gbOff, overwritten), and, when gx is
     * not null, ∂C/∂x of each example into its row of gx (from gxOff, overwritten).
     */
    public void backward(float[] x, int xOff, int n0, int n1, float[] delta, int dOff, float[] w, int wOff,
                         float[] gw, int gwOff, float[] gb, int gbOff, float[] gx, int gxOff,
                         float[] col, float[] dgroup, float[] gcol) {
        int k = g.patch(), p = g.positions(), cout = g.outChannels();
        int sub = subGroup(n1 - n0);
        for (int s0 = n0; s0 < n1; s0 += sub) {
            int s1 = Math.min(n1, s0 + sub);
            int ld = (s1 - s0) * p;
            for (int n = s0; n < s1; n++) {
                columns.im2col(g, x, xOff + n * g.inputSize(), col, (n - s0) * p, ld);
                int from = dOff + n * g.outputSize();
                for (int o = 0; o < cout; o++) System.arraycopy(delta, from + o * p, dgroup, o * ld + (n - s0) * p, p);
            }
            float beta = s0 == n0 ? 0f : 1f; // later sub-groups add to the first's sums
            gemm.gemm(false, true, cout, k, ld, 1f, dgroup, 0, ld, col, 0, ld, beta, gw, gwOff, k);
            // ∇b = Δ·1: the row sums as dot products with a row of ones, on the GEMM's vector tiles
            gemm.gemm(false, true, cout, 1, ld, 1f, dgroup, 0, ld, ones(ld), 0, ld, beta, gb, gbOff, 1);
            if (gx == null) continue;
            // one example at a time, so that col2im reads the K × P product while it is in this core's L2
            for (int n = s0; n < s1; n++) {
                gemm.gemm(true, false, k, p, cout, 1f, w, wOff, k, dgroup, (n - s0) * p, ld, 0f, gcol, 0, p);
                columns.col2im(g, gcol, 0, p, gx, gxOff + n * g.inputSize());
            }
        }
    }
}
