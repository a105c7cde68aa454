package org.backprop4j.nn;

import org.backprop4j.tensor.Kernels;

/** tanh(z) = (e^z − e^(−z)) / (e^z + e^(−z)) = 2σ(2z) − 1, with tanh'(z) = 1 − tanh²(z). */
public final class Tanh extends ElementWiseActivation {
    public static final Tanh INSTANCE = new Tanh();

    @Override
    public String name() { return "tanh"; }

    @Override
    public double value(double z) { return Math.tanh(z); }

    /** 1 − tanh²(z) written as 1/cosh²(z), which does not cancel in the tails. */
    @Override
    public double derivative(double z) {
        double c = Math.cosh(z);
        return 1 / (c * c);
    }

    @Override
    public void forward(float[] z, float[] a, int off, int rows, int cols) { Kernels.elementWise().tanh(z, a, off, rows * cols); }

    @Override
    public void backward(float[] z, float[] a, float[] g, int off, int rows, int cols) {
        Kernels.elementWise().tanhBackward(a, g, off, rows * cols);
    }
}
