package org.backprop4j.nn;

import java.util.LinkedHashMap;
import java.util.Map;
import org.backprop4j.tensor.Rng;

/**
 * Inverted dropout (Srivastava et al. 2014): in training, each value is kept with probability 1 − p and
 * scaled by 1/(1 − p), else set to 0, so that evaluation, which keeps everything, needs no scaling.
 * The backward pass multiplies by the same mask: ∂C/∂x = ∂C/∂y ⊙ mask.
 *
 * <p>It works in place on the gradient: its δ is the layer below's δ (the same array), and its mask
 * runs in the epilogue that makes that δ, just before the σ' of the layer below. The layer above then
 * writes the δ below in one pass, as if there were no layer in between (a network without dropout
 * layers computes exactly the same numbers in the same order).
 */
public final class Dropout extends Layer {
    private final float p;

    public Dropout(String name, Shape shape, float p) {
        super(name, shape, shape);
        if (!(p >= 0 && p < 1)) throw new IllegalArgumentException(name + ": dropout must be in [0, 1), got " + p);
        this.p = p;
    }

    @Override
    public String kind() { return "dropout"; }

    /** The probability of dropping each value in training. */
    public float probability() { return p; }

    @Override
    public String spec() { return "dropout " + p; }

    @Override
    public Map<String, String> attributes() {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("p", Float.toString(p));
        return a;
    }

    @Override
    public Dropout copy() { return new Dropout(name(), inputShape(), p); }

    @Override
    boolean trainingDiffers() { return true; }

    /** The mask: 1/(1 − p) kept, 0 dropped (trainable workspaces only). */
    @Override
    Object newScratch(int capacity, int offset, boolean trainable, int threads) {
        return trainable ? new float[Workspace.size(offset, capacity, outputSize())] : null;
    }

    /** Training: a = x ⊙ mask with a fresh mask; evaluation never calls it (the network passes x through). */
    @Override
    void forward(Workspace ws, int l, float[] x, int xOff, int m, Rng rng) {
        if (rng == null) throw new IllegalArgumentException(name() + ": dropout in training needs a generator for its masks");
        int off = ws.offset[l];
        int end = off + m * outputSize();
        float[] mask = (float[]) ws.scratch[l];
        fillMask(mask, off, end, p, rng);
        float[] a = ws.a[l];
        for (int i = off, j = xOff; i < end; i++, j++) a[i] = x[j] * mask[i];
    }

    /** Nothing: the mask was applied in the epilogue that wrote δ (see the class comment). */
    @Override
    void backward(Workspace ws, int l, float[] x, int xOff, int m, float[][] into, float[] beta, int p0, boolean gradIn) {}

    /** mask[i] = 0 with probability p, else 1/(1 − p), for i in [from, to); one 24-bit uniform per value. */
    static void fillMask(float[] mask, int from, int to, float p, Rng rng) {
        float keep = 1 / (1 - p);
        for (int i = from; i < to; i++) mask[i] = (rng.nextLong() >>> 40) * 0x1p-24f < p ? 0f : keep;
    }
}
