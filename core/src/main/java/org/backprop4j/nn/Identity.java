package org.backprop4j.nn;

/** σ(z) = z: a linear output layer (regression, or logits when the cost applies its own softmax). */
public final class Identity extends ElementWiseActivation {
    public static final Identity INSTANCE = new Identity();

    @Override
    public String name() { return "identity"; }

    @Override
    public double value(double z) { return z; }

    @Override
    public double derivative(double z) { return 1; }

    @Override
    public void forward(float[] z, float[] a, int off, int rows, int cols) {
        if (z != a) System.arraycopy(z, off, a, off, rows * cols);
    }

    @Override
    public void backward(float[] z, float[] a, float[] g, int off, int rows, int cols) {
        // J = I: ∂C/∂z = ∂C/∂a
    }
}
