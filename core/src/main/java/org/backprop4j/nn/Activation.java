package org.backprop4j.nn;

import org.backprop4j.autodiff.Value;
import org.backprop4j.tensor.Kernels;

/**
 * A neuron's activation function σ, applied to a mini-batch of pre-activations z (rows are examples).
 *
 * <p>Three forms of the same function: the float32 batch kernels used for training, and the
 * double-precision autodiff form ({@link #apply(Value[])}) that gradient checks compare them with.
 * Element-wise activations extend {@link ElementWiseActivation}; {@link Softmax} couples a whole row.
 */
public interface Activation {

    /** The name used on the command line and in model files, e.g. {@code sigmoid}. */
    String name();

    /** a = σ(z) for a rows×cols batch. */
    default void forward(float[] z, float[] a, int rows, int cols) { forward(z, a, 0, rows, cols); }

    /**
     * a = σ(z) for a rows×cols batch held from index off of both arrays (a workspace's line-aligned
     * buffers: see {@code Workspace#offset}); every form below with an {@code off} reads its batch
     * arrays from there, and the bias from 0.
     */
    void forward(float[] z, float[] a, int off, int rows, int cols);

    /**
     * z ← z + b (b added to every row), then a = σ(z): a layer's bias and activation, a row at a time
     * where the activation has a kernel for both ({@link ReLU}), else as {@code addBias} then
     * {@link #forward} over the whole batch (the same bits either way).
     */
    default void forwardWithBias(float[] z, float[] bias, float[] a, int rows, int cols) {
        forwardWithBias(z, bias, a, 0, rows, cols);
    }

    /** {@link #forwardWithBias(float[], float[], float[], int, int)} from index off of z and a. */
    default void forwardWithBias(float[] z, float[] bias, float[] a, int off, int rows, int cols) {
        Kernels.elementWise().addBias(z, bias, off, rows, cols);
        forward(z, a, off, rows, cols);
    }

    /**
     * Turns ∂C/∂a into ∂C/∂z in place: g ← J_σ(z)ᵀ g, which for element-wise σ is the Hadamard product
     * g ⊙ σ'(z) of the notes' BP1 and BP2. Both z and a = σ(z) are given so that each function uses the
     * cheaper one.
     */
    default void backward(float[] z, float[] a, float[] g, int rows, int cols) { backward(z, a, g, 0, rows, cols); }

    /** {@link #backward(float[], float[], float[], int, int)} from index off of z, a and g. */
    void backward(float[] z, float[] a, float[] g, int off, int rows, int cols);

    /** σ on one example, as nodes of a computational graph (double precision). */
    Value[] apply(Value[] z);
}
