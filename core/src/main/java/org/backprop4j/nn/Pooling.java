package org.backprop4j.nn;

/**
 * The windows of a 2-D pooling layer: k × k windows moved by a stride over each channel on its own,
 * without padding (PyTorch's defaults, floor mode): out_h = ⌊(h − k) / s⌋ + 1.
 */
record Pooling(int channels, int height, int width, int size, int stride) {
    Pooling {
        if (size <= 0) throw new IllegalArgumentException("the pooling window must be positive, got " + size);
        if (stride <= 0) throw new IllegalArgumentException("the pooling stride must be positive, got " + stride);
        if (size > height || size > width) {
            throw new IllegalArgumentException("a " + size + "x" + size + " window does not fit a " + height + "x" + width + " input");
        }
    }

    static Pooling of(String name, Shape in, int size, int stride) {
        try {
            return new Pooling(in.channels(), in.height(), in.width(), size, stride);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": " + e.getMessage());
        }
    }

    int outHeight() { return (height - size) / stride + 1; }

    int outWidth() { return (width - size) / stride + 1; }

    Shape outputShape() { return new Shape(channels, outHeight(), outWidth()); }
}
