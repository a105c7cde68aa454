package org.backprop4j.nn;

import java.util.Arrays;
import org.backprop4j.tensor.Matrix;

/**
 * A tensor of a layer, e.g. "layer1.W". {@code weight} says whether it is a connection weight (subject
 * to L2/L1 regularization) or not (biases, which following Nielsen are not decayed, and batch
 * normalization's scale and shift). {@code shape} is its shape as model files and other tools see it,
 * e.g. [20, 1, 5, 5] for a convolution's weights held as a 20 × 25 matrix; the values are row-major
 * either way.
 */
public record Param(String name, Matrix value, boolean weight, int[] shape) {
    public Param {
        long n = 1;
        for (int d : shape) {
            if (d <= 0) throw new IllegalArgumentException(name + ": shape " + Arrays.toString(shape) + " has a non-positive size");
            n *= d;
        }
        if (n != value.size()) throw new IllegalArgumentException(name + ": shape " + Arrays.toString(shape) + " for " + value.size() + " values");
        shape = shape.clone();
    }

    /** A matrix-shaped tensor: [rows, cols], or [cols] for a single row (a bias). */
    public Param(String name, Matrix value, boolean weight) {
        this(name, value, weight, value.rows() == 1 ? new int[] {value.cols()} : new int[] {value.rows(), value.cols()});
    }

    /** The number of values. */
    public int size() { return value.size(); }

    @Override
    public int[] shape() { return shape.clone(); }

    /** The shape as text, e.g. "20x1x5x5". */
    public String shapeString() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < shape.length; i++) sb.append(i == 0 ? "" : "x").append(shape[i]);
        return sb.toString();
    }

    /**
     * Where the values start in {@code value().array()}: 0, or the first cache line of a
     * {@link Matrix#lineAligned} value. A gradient or optimizer state of this parameter has the same
     * layout ({@link #newBuffer()}), so that one index reaches w, ∇w and the state of a value alike.
     */
    public int offset() { return value.offset(); }

    /** A zero array in this parameter's layout: its values at [offset(), offset() + size()). */
    public float[] newBuffer() { return new float[value.array().length]; }
}
