package org.backprop4j.nn;

import org.backprop4j.tensor.Matrix;

/**
 * A trainable tensor of a layer, e.g. "layer1.W". {@code weight} says whether it is a connection
 * weight (subject to L2/L1 regularization) or a bias (which, following Nielsen, is not decayed).
 */
public record Param(String name, Matrix value, boolean weight) {
    public int size() { return value.data().length; }
}
