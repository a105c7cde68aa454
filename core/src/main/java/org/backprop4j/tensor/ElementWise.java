package org.backprop4j.tensor;

/**
 * The element-wise kernels of training: activations and their derivatives, bias, softmax, sums and
 * updates. Two implementations: {@link PlainElementWise} and the Vector API one; {@link Kernels} picks.
 *
 * <p>Arrays are row-major; "rows × cols" operations work on the first rows·cols values. Derivatives are
 * written in terms of the activation a = σ(z) where the notes allow it (σ' = σ(1 − σ), tanh' = 1 − a²),
 * which saves recomputing the exponential in the backward pass.
 */
public interface ElementWise {

    String name();

    /** z(i,j) += bias(j). */
    void addBias(float[] z, float[] bias, int rows, int cols);

    /**
     * z(i,j) += bias(j), then a(i,j) = max(0, z(i,j)), a row at a time: the bits of {@link #addBias} then
     * {@link #relu}, with each row of z fetched from memory once instead of twice (a layer's z = a_in·Wᵀ + b
     * and a = ReLU(z); z is kept for the backward pass).
     */
    void addBiasRelu(float[] z, float[] bias, float[] a, int rows, int cols);

    /** a = 1 / (1 + e^(−z)). */
    void sigmoid(float[] z, float[] a, int n);

    /** g ⊙= σ'(z) = a(1 − a). */
    void sigmoidBackward(float[] a, float[] g, int n);

    /** a = max(0, z). */
    void relu(float[] z, float[] a, int n);

    /** g ⊙= [z > 0]. */
    void reluBackward(float[] z, float[] g, int n);

    /** a = tanh(z). */
    void tanh(float[] z, float[] a, int n);

    /** g ⊙= 1 − a². */
    void tanhBackward(float[] a, float[] g, int n);

    /** a = ln(1 + e^z), computed as max(z, 0) + ln(1 + e^(−|z|)) so that it never overflows. */
    void softplus(float[] z, float[] a, int n);

    /** g ⊙= σ(z), the derivative of softplus. */
    void softplusBackward(float[] z, float[] g, int n);

    /** Each row: a = e^(z − max z) / Σ e^(z − max z). */
    void softmaxRows(float[] z, float[] a, int rows, int cols);

    /** out(j) = α·Σ_i x(i,j) + β·out(j): the bias gradient ∇b = Σ_x δ (BP3 over a mini-batch). */
    void columnSums(float[] x, int rows, int cols, float alpha, float beta, float[] out);

    /** y += α·x over n values, as fma(x, α, y). */
    default void axpy(float alpha, float[] x, float[] y, int n) { axpy(alpha, x, 0, y, 0, n); }

    /** y[yOff + i] = fma(x[xOff + i], α, y[yOff + i]) for i in [0, n). */
    void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n);


    /** x ⊙= y over n values. */
    void multiply(float[] x, float[] y, int n);

    /**
     * dst[dstOff + i] = (src[srcOff + i] &amp; 0xFF)·scale for i &lt; n: unsigned bytes (pixels) to floats, for
     * datasets kept as bytes. One rounding of an exact product, so the same floats as
     * {@code (float) ((double) v * scale)}, what the IDX reader computes.
     */
    void unsignedBytesToFloats(byte[] src, int srcOff, float scale, float[] dst, int dstOff, int n);

    /** w ← w − η·g over [off, off + n): plain gradient descent, w = fma(g, −η, w). */
    void sgdStep(float[] w, float[] g, int off, int n, float eta);

    /**
     * Momentum over [off, off + n) in one pass: v ← fma(v, μ, g), then w ← fma(v, −η, w), or with
     * {@code nesterov} w ← fma(v, −ημ, fma(g, −η, w)).
     */
    void momentumStep(float[] w, float[] v, float[] g, int off, int n, float eta, float mu, boolean nesterov);

    /**
     * Adam over [off, off + n): m ← β₁m + (1 − β₁)g, v ← β₂v + (1 − β₂)g², then
     * w ← w − η·(m·c₁) / (√(v·c₂) + ε), where c₁ = 1/(1 − β₁ᵗ) and c₂ = 1/(1 − β₂ᵗ) correct the bias of
     * moments started at zero (Kingma and Ba 2015).
     */
    void adamStep(float[] w, float[] m, float[] v, float[] g, int off, int n, float eta, float beta1, float beta2,
                  float eps, float c1, float c2);
}
