package org.backprop4j.nn;

/**
 * The shape of one example as a layer sees it: channels × height × width, stored channel by channel and
 * row by row (the layout of PyTorch and ONNX, NCHW, with the batch as rows). A flat vector of n values is
 * n × 1 × 1: a dense layer takes any shape as its c·h·w inputs (flattening is implicit).
 */
public record Shape(int channels, int height, int width) {
    public Shape {
        if (channels <= 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException("a shape needs positive sizes, got " + channels + "x" + height + "x" + width);
        }
        if ((long) channels * height * width > Integer.MAX_VALUE / 2) {
            throw new IllegalArgumentException("shape " + channels + "x" + height + "x" + width + " is too large");
        }
    }

    /** n values with no spatial extent. */
    public static Shape flat(int n) { return new Shape(n, 1, 1); }

    /** c·h·w: the values per example, the width of its row in a batch. */
    public int size() { return channels * height * width; }

    /** Whether this is a plain vector (height and width 1). */
    public boolean isFlat() { return height == 1 && width == 1; }

    /** h·w: the values of one channel. */
    public int plane() { return height * width; }

    /** "100" for a vector, "20x12x12" otherwise. */
    @Override
    public String toString() { return isFlat() ? Integer.toString(channels) : channels + "x" + height + "x" + width; }
}
