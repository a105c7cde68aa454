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
    default void addBias(float[] z, float[] bias, int rows, int cols) { addBias(z, bias, 0, rows, cols); }

    /**
     * z(i,j) += bias(j) for a batch held from index off of z (a line-aligned buffer of a workspace):
     * z[off + i·cols + j] += bias[j]. Every kernel below with an {@code off} reads and writes its batch
     * arrays from off, and its per-column arrays (bias, out) from 0.
     */
    void addBias(float[] z, float[] bias, int off, int rows, int cols);

    /**
     * z(i,j) += bias(j), then a(i,j) = max(0, z(i,j)), a row at a time: the bits of {@link #addBias} then
     * {@link #relu}, with each row of z fetched from memory once instead of twice (a layer's z = a_in·Wᵀ + b
     * and a = ReLU(z); z is kept for the backward pass).
     */
    default void addBiasRelu(float[] z, float[] bias, float[] a, int rows, int cols) { addBiasRelu(z, bias, a, 0, rows, cols); }

    /** {@link #addBiasRelu(float[], float[], float[], int, int)} for z and a from index off. */
    void addBiasRelu(float[] z, float[] bias, float[] a, int off, int rows, int cols);

    /** a = 1 / (1 + e^(−z)). */
    default void sigmoid(float[] z, float[] a, int n) { sigmoid(z, a, 0, n); }

    /** a = 1 / (1 + e^(−z)) over [off, off + n). */
    void sigmoid(float[] z, float[] a, int off, int n);

    /** g ⊙= σ'(z) = a(1 − a). */
    default void sigmoidBackward(float[] a, float[] g, int n) { sigmoidBackward(a, g, 0, n); }

    /** g ⊙= a(1 − a) over [off, off + n). */
    void sigmoidBackward(float[] a, float[] g, int off, int n);

    /** a = max(0, z). */
    default void relu(float[] z, float[] a, int n) { relu(z, a, 0, n); }

    /** a = max(0, z) over [off, off + n). */
    void relu(float[] z, float[] a, int off, int n);

    /** g ⊙= [z > 0]. */
    default void reluBackward(float[] z, float[] g, int n) { reluBackward(z, g, 0, n); }

    /** g ⊙= [z > 0] over [off, off + n). */
    void reluBackward(float[] z, float[] g, int off, int n);

    /** a = tanh(z). */
    default void tanh(float[] z, float[] a, int n) { tanh(z, a, 0, n); }

    /** a = tanh(z) over [off, off + n). */
    void tanh(float[] z, float[] a, int off, int n);

    /** g ⊙= 1 − a². */
    default void tanhBackward(float[] a, float[] g, int n) { tanhBackward(a, g, 0, n); }

    /** g ⊙= 1 − a² over [off, off + n). */
    void tanhBackward(float[] a, float[] g, int off, int n);

    /** a = ln(1 + e^z), computed as max(z, 0) + ln(1 + e^(−|z|)) so that it never overflows. */
    default void softplus(float[] z, float[] a, int n) { softplus(z, a, 0, n); }

    /** softplus over [off, off + n). */
    void softplus(float[] z, float[] a, int off, int n);

    /** g ⊙= σ(z), the derivative of softplus. */
    default void softplusBackward(float[] z, float[] g, int n) { softplusBackward(z, g, 0, n); }

    /** g ⊙= σ(z) over [off, off + n). */
    void softplusBackward(float[] z, float[] g, int off, int n);

    /** Each row: a = e^(z − max z) / Σ e^(z − max z). */
    default void softmaxRows(float[] z, float[] a, int rows, int cols) { softmaxRows(z, a, 0, rows, cols); }

    /** {@link #softmaxRows(float[], float[], int, int)} for z and a from index off. */
    void softmaxRows(float[] z, float[] a, int off, int rows, int cols);

    /** out(j) = α·Σ_i x(i,j) + β·out(j): the bias gradient ∇b = Σ_x δ (BP3 over a mini-batch). */
    default void columnSums(float[] x, int rows, int cols, float alpha, float beta, float[] out) {
        columnSums(x, 0, rows, cols, alpha, beta, out);
    }

    /** {@link #columnSums(float[], int, int, float, float, float[])} of x from index off (out from 0). */
    void columnSums(float[] x, int off, int rows, int cols, float alpha, float beta, float[] out);

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
