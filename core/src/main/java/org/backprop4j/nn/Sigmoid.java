package org.backprop4j.nn;

import org.backprop4j.tensor.Kernels;

/** σ(z) = 1 / (1 + e^(−z)), with σ'(z) = σ(z)(1 − σ(z)). */
public final class Sigmoid extends ElementWiseActivation {
    public static final Sigmoid INSTANCE = new Sigmoid();

    @Override
    public String name() { return "sigmoid"; }

    @Override
    public double value(double z) { return 1 / (1 + Math.exp(-z)); }

    /** σ(z)(1 − σ(z)) written as σ(z)·σ(−z), which does not cancel when σ(z) is close to 1. */
    @Override
    public double derivative(double z) { return value(z) * value(-z); }

    @Override
    public void forward(float[] z, float[] a, int off, int rows, int cols) { Kernels.elementWise().sigmoid(z, a, off, rows * cols); }

    @Override
    public void backward(float[] z, float[] a, float[] g, int off, int rows, int cols) {
        Kernels.elementWise().sigmoidBackward(a, g, off, rows * cols);
    }
}
