package org.backprop4j.tensor;

/**
 * Max-pooling over 2 × 2 windows with stride 2, the pooling of LeNet and most convolutional networks,
 * on planes of even height and width (h × w in, h/2 × w/2 out, plane after plane). Two implementations,
 * {@link PlainMaxPool2x2} and the Vector API one, with the same results bit for bit; {@link Kernels}
 * picks.
 * <pre>
 *   forward    y = the first largest of x₀, x₁, x₂, x₃ (row by row), and where it is: 0-3
 *   backward   ∂C/∂x_i = ∂C/∂y at that position, 0 at the other three
 * </pre>
 * The position is worked out from comparisons without branches (a branch per window, which random
 * data mispredicts, made a window cost 12–15 ns against 1–2).
 */
public interface MaxPool2x2 {
    String name();

    /**
     * y (planes × h/2 × w/2 from yOff) ← the maxima of x's (planes × h × w from xOff) windows, and, when
     * {@code argmax} is not null, each window's position of it (from aOff, one byte a window: 0 and 1 the
     * top row, 2 and 3 the bottom).
     */
    void forward(float[] x, int xOff, float[] y, int yOff, byte[] argmax, int aOff, int planes, int h, int w);

    /** gx (planes × h × w from gxOff, every value written) ← dy (from dyOff) at each window's kept position. */
    void backward(byte[] argmax, int aOff, float[] dy, int dyOff, float[] gx, int gxOff, int planes, int h, int w);
}
