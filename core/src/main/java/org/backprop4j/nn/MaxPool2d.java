package org.backprop4j.nn;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.backprop4j.tensor.Rng;

/**
 * Max-pooling (Nielsen chapter 6): each output is the largest value of its window, the first one on
 * ties. The gradient flows only to that value, ∂C/∂x = ∂C/∂y at the argmax of each window and 0
 * elsewhere, so a training pass keeps each window's argmax for the backward pass.
 */
public final class MaxPool2d extends Layer {
    private final Pooling p;

    public MaxPool2d(String name, Shape in, int size, int stride) {
        this(name, Pooling.of(name, in, size, stride));
    }

    private MaxPool2d(String name, Pooling p) {
        super(name, new Shape(p.channels(), p.height(), p.width()), p.outputShape());
        this.p = p;
    }

    @Override
    public String kind() { return "maxpool2d"; }

    public int size() { return p.size(); }

    public int stride() { return p.stride(); }

    @Override
    public String spec() { return "maxpool " + p.size() + (p.stride() != p.size() ? " stride " + p.stride() : ""); }

    @Override
    public Map<String, String> attributes() {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("size", Integer.toString(p.size()));
        a.put("stride", Integer.toString(p.stride()));
        return a;
    }

    @Override
    public MaxPool2d copy() { return new MaxPool2d(name(), p); }

    @Override
    Object newScratch(int capacity, int offset, boolean trainable) { return new Pass(capacity, offset, trainable); }

    @Override
    void forward(Workspace ws, int l, float[] x, int xOff, int m, Rng rng) {
        Pass pass = (Pass) ws.scratch[l];
        pass.start(ws, l, x, xOff, false, false);
        pass.runGroups(m);
        pass.ws = null;
    }

    @Override
    void backward(Workspace ws, int l, float[] x, int xOff, int m, float[][] into, float[] beta, int p0, boolean gradIn) {
        if (!gradIn) return;
        if (!ws.training) throw new IllegalStateException(name() + ": a backward pass needs a training forward pass (the argmax)");
        Pass pass = (Pass) ws.scratch[l];
        pass.start(ws, l, x, xOff, true, true);
        pass.runGroups(m);
        pass.ws = null;
    }

    private final class Pass extends ExampleGroups {
        /** Per output value of a training pass, the index in its example's input of its window's maximum. */
        final int[] argmax;
        private Workspace ws;
        private int l;
        private float[] x;
        private int xOff;
        private boolean backward;

        Pass(int capacity, int offset, boolean trainable) {
            argmax = trainable ? new int[offset + capacity * outputSize()] : null;
        }

        void start(Workspace ws, int l, float[] x, int xOff, boolean backward, boolean unused) {
            this.ws = ws;
            this.l = l;
            this.x = x;
            this.xOff = xOff;
            this.backward = backward;
        }

        @Override
        void group(int part, int q, int from, int to) {
            int in = inputSize(), outSize = outputSize(), off = ws.offset[l];
            int h = p.height(), w = p.width(), k = p.size(), s = p.stride(), oh = p.outHeight(), ow = p.outWidth();
            if (backward) {
                float[] gx = ws.delta[l - 1], d = ws.delta[l];
                int gxOff = ws.offset[l - 1];
                for (int n = from; n < to; n++) {
                    int row = gxOff + n * in;
                    Arrays.fill(gx, row, row + in, 0f);
                    for (int j = off + n * outSize, end = j + outSize; j < end; j++) gx[row + argmax[j]] += d[j];
                }
                if (ws.derive[l - 1] != null) ws.derive[l - 1].rows(from, to);
                return;
            }
            float[] a = ws.a[l];
            boolean keep = ws.training && argmax != null;
            for (int n = from; n < to; n++) {
                int xin = xOff + n * in;
                int j = off + n * outSize;
                for (int c = 0; c < p.channels(); c++) {
                    int plane = c * h * w;
                    for (int oy = 0; oy < oh; oy++) {
                        for (int ox = 0; ox < ow; ox++, j++) {
                            int first = plane + oy * s * w + ox * s;
                            int best = first;
                            float max = x[xin + first];
                            for (int ky = 0; ky < k; ky++) {
                                for (int kx = 0, at = first + ky * w; kx < k; kx++, at++) {
                                    float v = x[xin + at];
                                    if (v > max) {
                                        max = v;
                                        best = at;
                                    }
                                }
                            }
                            a[j] = max;
                            if (keep) argmax[j] = best;
                        }
                    }
                }
            }
        }
    }
}
