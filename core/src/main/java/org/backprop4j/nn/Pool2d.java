package org.backprop4j.nn;

import java.util.LinkedHashMap;
import java.util.Map;
import org.backprop4j.tensor.Rng;

/**
 * A 2-D pooling layer: k × k windows moved by a stride over each channel on its own ({@link Pooling}),
 * each giving one output. {@link MaxPool2d} and {@link AvgPool2d} say what a window gives and how its
 * gradient flows back; both run their windows example by example, in groups ({@link ExampleGroups}).
 */
public abstract class Pool2d extends Layer {
    final Pooling p;

    Pool2d(String name, Pooling p) {
        super(name, new Shape(p.channels(), p.height(), p.width()), p.outputShape());
        this.p = p;
    }

    public final int size() { return p.size(); }

    public final int stride() { return p.stride(); }

    /** The layer's word in {@code --net}: maxpool or avgpool. */
    abstract String word();

    @Override
    public final String spec() { return word() + " " + p.size() + (p.stride() != p.size() ? " stride " + p.stride() : ""); }

    @Override
    public final Map<String, String> attributes() {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("size", Integer.toString(p.size()));
        a.put("stride", Integer.toString(p.stride()));
        return a;
    }

    @Override
    final void forward(Workspace ws, int l, float[] x, int xOff, int m, Rng rng) {
        ((Pass) ws.scratch[l]).run(ws, l, x, xOff, m, false);
    }

    @Override
    final void backward(Workspace ws, int l, float[] x, int xOff, int m, float[][] into, float[] beta, int p0, boolean gradIn) {
        if (!gradIn) return; // no parameters: nothing to do unless a layer below needs the gradient
        checkBackward(ws);
        ((Pass) ws.scratch[l]).run(ws, l, x, xOff, m, true);
    }

    /** Refuses a backward pass this layer cannot make from the workspace's last forward pass. */
    void checkBackward(Workspace ws) {}

    /**
     * One workspace's pass over the groups: {@link #group} does the forward or the backward work for a
     * group, the backward then running the σ' epilogue of the layer below on its rows.
     */
    abstract class Pass extends ExampleGroups {
        Workspace ws;
        int l;
        float[] x;
        int xOff;
        boolean backward;

        final void run(Workspace ws, int l, float[] x, int xOff, int m, boolean backward) {
            this.ws = ws;
            this.l = l;
            this.x = x;
            this.xOff = xOff;
            this.backward = backward;
            runGroups(ws.context, m);
            this.ws = null;
            this.x = null;
        }
    }
}
