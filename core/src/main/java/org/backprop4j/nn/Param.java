package org.backprop4j.nn;

import org.backprop4j.tensor.Matrix;

/**
 * A trainable tensor of a layer, e.g. "layer1.W". {@code weight} says whether it is a connection
 * weight (subject to L2/L1 regularization) or a bias (which, following Nielsen, is not decayed).
 */
public record Param(String name, Matrix value, boolean weight) {
    /** The number of values. */
    public int size() { return value.size(); }

    /**
     * Where the values start in {@code value().array()}: 0, or the first cache line of a
     * {@link Matrix#lineAligned} value. A gradient or optimizer state of this parameter has the same
     * layout ({@link #newBuffer()}), so that one index reaches w, ∇w and the state of a value alike.
     */
    public int offset() { return value.offset(); }

    /** A zero array in this parameter's layout: its values at [offset(), offset() + size()). */
    public float[] newBuffer() { return new float[value.array().length]; }
}
