package org.backprop4j.nn;

import java.util.Arrays;
import org.backprop4j.tensor.Kernels;
import org.backprop4j.tensor.MaxPool2x2;

/**
 * Max-pooling (Nielsen chapter 6): each output is the largest value of its window, the first one (row by
 * row) among equals. The gradient flows only to that value, ∂C/∂x = ∂C/∂y at the window's argmax and 0
 * elsewhere, so a training pass keeps each window's argmax (a byte: ky·k + kx) for the backward pass.
 * 2 × 2 windows with stride 2 run on {@link Kernels#maxPool2x2()}, others on plain loops.
 */
public final class MaxPool2d extends Pool2d {
    private static final MaxPool2x2 POOL = Kernels.maxPool2x2();

    public MaxPool2d(String name, Shape in, int size, int stride) {
        this(name, Pooling.of(name, in, size, stride));
        if (size > MAX_SIZE) throw new IllegalArgumentException(name + ": max-pooling windows are at most " + MAX_SIZE + "x" + MAX_SIZE + ", got " + size);
    }

    /** The largest window: where its maximum lies, ky·k + kx, fits a byte. */
    public static final int MAX_SIZE = 15;

    private MaxPool2d(String name, Pooling p) { super(name, p); }

    @Override
    public String kind() { return "maxpool2d"; }

    @Override
    String word() { return "maxpool"; }

    @Override
    public MaxPool2d copy() { return new MaxPool2d(name(), p); }

    @Override
    Object newScratch(int capacity, int offset, boolean trainable, int threads) { return new Pass(trainable ? new byte[Workspace.size(offset, capacity, outputSize())] : null); }

    @Override
    void checkBackward(Workspace ws) {
        if (!ws.training) throw new IllegalStateException(name() + ": a backward pass needs a training forward pass (the argmax)");
    }

    private final class Pass extends Pool2d.Pass {
        /** Per output value of a training pass, where its window's maximum is: ky·k + kx (null in inference). */
        final byte[] argmax;

        Pass(byte[] argmax) { this.argmax = argmax; }

        @Override
        void group(int part, int q, int from, int to) {
            // 2 × 2 windows, stride 2, covering the input: the vector kernel (LeNet's and most networks' pooling)
            boolean pairs = p.size() == 2 && p.stride() == 2 && p.height() % 2 == 0 && p.width() % 2 == 0;
            int in = inputSize(), outSize = outputSize(), off = ws.offset[l];
            byte[] arg = ws.training ? argmax : null;
            float[] y = ws.a[l];
            for (int n = from; n < to; n++) {
                int xi = xOff + n * in, yi = off + n * outSize;
                if (!backward) {
                    if (pairs) POOL.forward(x, xi, y, yi, arg, yi, p.channels(), p.height(), p.width());
                    else forwardAny(xi, y, yi, arg);
                } else {
                    int gi = ws.offset[l - 1] + n * in;
                    if (pairs) POOL.backward(argmax, yi, ws.delta[l], yi, ws.delta[l - 1], gi, p.channels(), p.height(), p.width());
                    else backwardAny(yi, ws.delta[l], ws.delta[l - 1], gi);
                }
            }
            if (backward && ws.derive[l - 1] != null) ws.derive[l - 1].rows(from, to);
        }

        /** Any window and stride: each output its window's first largest value, and where it is. */
        private void forwardAny(int xi, float[] y, int yi, byte[] arg) {
            int h = p.height(), w = p.width(), k = p.size(), s = p.stride();
            int j = yi;
            for (int c = 0; c < p.channels(); c++) {
                for (int oy = 0; oy < p.outHeight(); oy++) {
                    for (int ox = 0; ox < p.outWidth(); ox++, j++) {
                        int first = xi + (c * h + oy * s) * w + ox * s;
                        float max = x[first];
                        int best = 0;
                        for (int ky = 0; ky < k; ky++) {
                            for (int kx = 0, at = first + ky * w; kx < k; kx++, at++) {
                                if (x[at] > max) {
                                    max = x[at];
                                    best = ky * k + kx;
                                }
                            }
                        }
                        y[j] = max;
                        if (arg != null) arg[j] = (byte) best;
                    }
                }
            }
        }

        /** Each window's δ to its argmax; overlapping windows add up. */
        private void backwardAny(int yi, float[] d, float[] gx, int gi) {
            int h = p.height(), w = p.width(), k = p.size(), s = p.stride();
            Arrays.fill(gx, gi, gi + inputSize(), 0f);
            int j = yi;
            for (int c = 0; c < p.channels(); c++) {
                for (int oy = 0; oy < p.outHeight(); oy++) {
                    for (int ox = 0; ox < p.outWidth(); ox++, j++) {
                        int at = argmax[j] & 0xFF; // up to 15·15 − 1 = 224: unsigned
                        gx[gi + (c * h + oy * s + at / k) * w + ox * s + at % k] += d[j];
                    }
                }
            }
        }
    }
}
