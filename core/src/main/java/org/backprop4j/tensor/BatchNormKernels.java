package org.backprop4j.tensor;

/**
 * The sweeps of batch normalization over one plane of n values (a channel of one example), for
 * {@code nn.BatchNorm}. Two implementations, {@link PlainBatchNormKernels} and the Vector API one, with
 * the same results bit for bit; {@link Kernels} picks.
 *
 * <p>A plane's sums are formed in 8 lanes, value i going to lane i mod 8 (one float chain per lane, in
 * increasing i, over the first ⌊n/8⌋·8 values), the lanes added in double in a fixed tree,
 * ((l0 + l4) + (l2 + l6)) + ((l1 + l5) + (l3 + l7)), then the last n mod 8 values in double, in order.
 * The element-wise sweeps do the same float operations on every value.
 */
public interface BatchNormKernels {
    String name();

    /**
     * out[0] ← Σ (x − s), out[1] ← Σ (x − s)² (as fma(x − s, x − s, ·)) over x[off, off + n): the sums of
     * values shifted by s, so that a variance taken as E[(x − s)²] − E[x − s]² loses no digits when s is
     * near the mean (the caller's running mean).
     */
    void sums(float[] x, int off, int n, float s, double[] out);

    /** z[zOff + i] ← fma(γ, (x[xOff + i] − μ)·inv, β) for i in [0, n). */
    void normalize(float[] x, int xOff, float[] z, int zOff, int n, float mu, float inv, float gamma, float beta);

    /** out[0] ← Σ δ, out[1] ← Σ δ·x̂ (as fma(δ, x̂, ·)), x̂ = (x − μ)·inv, over n values of x and δ. */
    void gradientSums(float[] x, int xOff, float[] d, int dOff, int n, float mu, float inv, double[] out);

    /** gx[gOff + i] ← k·(count·δ − sumD − x̂·sumDXhat), x̂ = (x − μ)·inv: ∂C/∂x of batch normalization. */
    void inputGradient(float[] x, int xOff, float[] d, int dOff, float[] gx, int gOff, int n, float mu, float inv, float k,
                       float count, float sumD, float sumDXhat);

    /** The fixed tree of the class comment over 8 lane sums. */
    static double tree(float l0, float l1, float l2, float l3, float l4, float l5, float l6, float l7) {
        return (((double) l0 + l4) + ((double) l2 + l6)) + (((double) l1 + l5) + ((double) l3 + l7));
    }
}
