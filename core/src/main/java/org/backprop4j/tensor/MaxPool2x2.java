package org.backprop4j.tensor;

/**
 * Max-pooling over 2 × 2 windows with stride 2, the pooling of LeNet and most convolutional networks,
 * on planes of even height and width (h × w in, h/2 × w/2 out, plane after plane). Two implementations,
 * {@link PlainMaxPool2x2} and the Vector API one, with the same results bit for bit; {@link Kernels}
 * picks.
 * <pre>
 *   forward    y = max(x₀, x₁, x₂, x₃)             (Math.max's order: +0 above −0)
 *   backward   ∂C/∂x_i = ∂C/∂y for the first i (row by row) with x_i == y, 0 for the other three
 * </pre>
 * The backward pass finds the maximum again from x and y instead of keeping its position from the
 * forward pass: a kept position is a data-dependent branch per window, which random data mispredicts
 * (12–15 ns per window against 1.7 without, measured), while comparisons vectorize.
 */
public interface MaxPool2x2 {
    String name();

    /** y (planes × h/2 × w/2 from yOff) ← the maxima of x's (planes × h × w from xOff) windows. */
    void forward(float[] x, int xOff, float[] y, int yOff, int planes, int h, int w);

    /**
     * gx (planes × h × w from gxOff, every value written) ← dy (from dyOff) routed to each window's first
     * maximum, given the forward pass's x and y.
     */
    void backward(float[] x, int xOff, float[] y, int yOff, float[] dy, int dyOff, float[] gx, int gxOff, int planes, int h, int w);
}
