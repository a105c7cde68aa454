package org.backprop4j.nn;

import java.util.Arrays;

/**
 * Average-pooling: each output is the mean of its k × k window, y = (1/k²) Σ x, so every value of the
 * window receives ∂C/∂y / k² in the backward pass.
 */
public final class AvgPool2d extends Pool2d {
    public AvgPool2d(String name, Shape in, int size, int stride) {
        this(name, Pooling.of(name, in, size, stride));
    }

    private AvgPool2d(String name, Pooling p) { super(name, p); }

    @Override
    public String kind() { return "avgpool2d"; }

    @Override
    String word() { return "avgpool"; }

    @Override
    public AvgPool2d copy() { return new AvgPool2d(name(), p); }

    @Override
    Object newScratch(int capacity, int offset, boolean trainable, int threads) { return new Pass(); }

    private final class Pass extends Pool2d.Pass {
        @Override
        void group(int part, int q, int from, int to) {
            int in = inputSize(), outSize = outputSize(), off = ws.offset[l];
            int h = p.height(), w = p.width(), k = p.size(), s = p.stride(), oh = p.outHeight(), ow = p.outWidth();
            float scale = 1f / (k * k);
            float[] gx = backward ? ws.delta[l - 1] : null, d = backward ? ws.delta[l] : null, a = ws.a[l];
            int gxOff = backward ? ws.offset[l - 1] : 0;
            for (int n = from; n < to; n++) {
                int row = backward ? gxOff + n * in : xOff + n * in;
                if (backward) Arrays.fill(gx, row, row + in, 0f);
                int j = off + n * outSize;
                for (int c = 0; c < p.channels(); c++) {
                    int plane = row + c * h * w;
                    for (int oy = 0; oy < oh; oy++) {
                        for (int ox = 0; ox < ow; ox++, j++) {
                            int first = plane + oy * s * w + ox * s;
                            if (backward) {
                                float share = d[j] * scale;
                                for (int ky = 0; ky < k; ky++) {
                                    for (int kx = 0, at = first + ky * w; kx < k; kx++, at++) gx[at] += share;
                                }
                            } else {
                                float sum = 0f;
                                for (int ky = 0; ky < k; ky++) {
                                    for (int kx = 0, at = first + ky * w; kx < k; kx++, at++) sum += x[at];
                                }
                                a[j] = sum * scale;
                            }
                        }
                    }
                }
            }
            if (backward && ws.derive[l - 1] != null) ws.derive[l - 1].rows(from, to);
        }
    }
}
