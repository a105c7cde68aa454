package org.backprop4j.nn;

import org.backprop4j.autodiff.Value;
import org.backprop4j.tensor.Kernels;

/**
 * softmax(z)_j = e^(z_j) / Σ_k e^(z_k): the outputs are positive and sum to 1, a probability for each
 * class. Not element-wise: ∂a_j/∂z_k = a_j(δ_jk − a_k), so the backward pass is
 * (Jᵀg)_k = a_k (g_k − Σ_j a_j g_j). With the negative log-likelihood cost the product collapses to
 * a − y, which {@link org.backprop4j.loss.NegativeLogLikelihood} uses directly.
 */
public final class Softmax implements Activation {
    public static final Softmax INSTANCE = new Softmax();

    @Override
    public String name() { return "softmax"; }

    @Override
    public void forward(float[] z, float[] a, int off, int rows, int cols) {
        Kernels.elementWise().softmaxRows(z, a, off, rows, cols);
    }

    @Override
    public void backward(float[] z, float[] a, float[] g, int off, int rows, int cols) {
        for (int i = 0; i < rows; i++) {
            int row = off + i * cols;
            double dot = 0;
            for (int j = 0; j < cols; j++) dot += (double) a[row + j] * g[row + j];
            for (int j = 0; j < cols; j++) g[row + j] = (float) (a[row + j] * (g[row + j] - dot));
        }
    }

    @Override
    public Value[] apply(Value[] z) {
        double max = Double.NEGATIVE_INFINITY;
        for (Value v : z) max = Math.max(max, v.data());
        Value[] e = new Value[z.length];
        for (int i = 0; i < z.length; i++) e[i] = z[i].sub(max).exp();
        Value sum = Value.sum(e);
        Value[] a = new Value[z.length];
        for (int i = 0; i < z.length; i++) a[i] = e[i].div(sum);
        return a;
    }

    @Override
    public String toString() { return name(); }
}
