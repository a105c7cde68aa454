package org.backprop4j.nn;

import org.backprop4j.tensor.Kernels;

/** softplus(z) = ln(1 + e^z), the smooth rectifier of the notes; its derivative is σ(z). */
public final class Softplus extends ElementWiseActivation {
    public static final Softplus INSTANCE = new Softplus();

    @Override
    public String name() { return "softplus"; }

    @Override
    public double value(double z) { return Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))); }

    @Override
    public double derivative(double z) { return 1 / (1 + Math.exp(-z)); }

    @Override
    public void forward(float[] z, float[] a, int off, int rows, int cols) { Kernels.elementWise().softplus(z, a, off, rows * cols); }

    @Override
    public void backward(float[] z, float[] a, float[] g, int off, int rows, int cols) {
        Kernels.elementWise().softplusBackward(z, g, off, rows * cols);
    }
}
