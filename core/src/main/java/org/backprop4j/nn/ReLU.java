package org.backprop4j.nn;

import org.backprop4j.tensor.Kernels;

/** The rectified linear unit max(0, z); its derivative is 1 for z > 0 and 0 otherwise (0 taken at z = 0). */
public final class ReLU extends ElementWiseActivation {
    public static final ReLU INSTANCE = new ReLU();

    @Override
    public String name() { return "relu"; }

    @Override
    public double value(double z) { return Math.max(0, z); }

    @Override
    public double derivative(double z) { return z > 0 ? 1 : 0; }

    @Override
    public void forward(float[] z, float[] a, int off, int rows, int cols) { Kernels.elementWise().relu(z, a, off, rows * cols); }

    @Override
    public void forwardWithBias(float[] z, float[] bias, float[] a, int off, int rows, int cols) {
        Kernels.elementWise().addBiasRelu(z, bias, a, off, rows, cols);
    }

    @Override
    public void backward(float[] z, float[] a, float[] g, int off, int rows, int cols) {
        Kernels.elementWise().reluBackward(z, g, off, rows * cols);
    }
}
