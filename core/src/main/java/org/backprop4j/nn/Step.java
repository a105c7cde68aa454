package org.backprop4j.nn;

/**
 * The Heaviside step of the perceptron: 1 if z ≥ 0, else 0. Its derivative is 0 wherever it exists,
 * so gradient descent cannot train a step layer: the reason the notes move on to the sigmoid.
 * It is here for the perceptron and for that lesson; {@code train} warns when it is chosen.
 */
public final class Step extends ElementWiseActivation {
    public static final Step INSTANCE = new Step();

    @Override
    public String name() { return "step"; }

    @Override
    public double value(double z) { return z >= 0 ? 1 : 0; }

    @Override
    public double derivative(double z) { return 0; }

    @Override
    public void forward(float[] z, float[] a, int off, int rows, int cols) {
        int end = off + rows * cols;
        for (int i = off; i < end; i++) a[i] = z[i] >= 0 ? 1f : 0f;
    }

    @Override
    public void backward(float[] z, float[] a, float[] g, int off, int rows, int cols) {
        java.util.Arrays.fill(g, off, off + rows * cols, 0f);
    }
}
