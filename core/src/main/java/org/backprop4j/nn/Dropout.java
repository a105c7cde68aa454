package org.backprop4j.nn;

import java.util.LinkedHashMap;
import java.util.Map;
import org.backprop4j.tensor.Rng;

/**
 * Dropout (Srivastava et al. 2014): in training, each value is kept with probability 1 − p, else set to 0.
 * Two ways to keep the expected value the same in training and evaluation, which give the same functions
 * but train differently:
 * <ul>
 * <li>inverted (the default, as PyTorch and Keras): training scales the kept values by 1/(1 − p) and
 *     evaluation keeps everything as it is;
 * <li>scaled at inference (Hinton et al. 2012, Nielsen's network3.py): training keeps the values as they are
 *     and evaluation multiplies every value by 1 − p. The weights after the layer then see inputs 1 − p
 *     times as large as with inverted dropout, so gradient descent moves them (1 − p)² times as fast
 *     relative to their size: at p = 0.5 the same η is a quarter of the inverted step.
 * </ul>
 * The backward pass multiplies by the same mask: ∂C/∂x = ∂C/∂y ⊙ mask.
 *
 * <p>It works in place on the gradient: its δ is the layer below's δ (the same array), and its mask
 * runs in the epilogue that makes that δ, just before the σ' of the layer below. The layer above then
 * writes the δ below in one pass, as if there were no layer in between (a network without dropout
 * layers computes exactly the same numbers in the same order).
 */
public final class Dropout extends Layer {
    /** The model file's values of attribute {@code scaling}: inverted (the default) or scaled at inference. */
    public static final String INVERTED = "inverted", SCALED_AT_INFERENCE = "inference";

    private final float p;
    private final boolean inverted;

    /** Inverted dropout of probability p. */
    public Dropout(String name, Shape shape, float p) { this(name, shape, p, true); }

    /** Dropout of probability p, inverted or (inverted false) scaled by 1 − p at inference. */
    public Dropout(String name, Shape shape, float p, boolean inverted) {
        super(name, shape, shape);
        if (!(p >= 0 && p < 1)) throw new IllegalArgumentException(name + ": dropout must be in [0, 1), got " + p);
        this.p = p;
        this.inverted = inverted;
    }

    @Override
    public String kind() { return "dropout"; }

    /** The probability of dropping each value in training. */
    public float probability() { return p; }

    /** Whether training scales the kept values by 1/(1 − p) (else evaluation scales every value by 1 − p). */
    public boolean inverted() { return inverted; }

    @Override
    public String spec() { return "dropout " + p + (inverted ? "" : " " + NetSpec.SCALED_AT_INFERENCE); }

    @Override
    public Map<String, String> attributes() {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("p", Float.toString(p));
        if (!inverted) a.put("scaling", SCALED_AT_INFERENCE); // absent: inverted, as files written before it
        return a;
    }

    @Override
    public Dropout copy() { return new Dropout(name(), inputShape(), p, inverted); }

    @Override
    boolean trainingDiffers() { return true; }

    /** The mask: 1/(1 − p) (inverted) or 1 kept, 0 dropped (trainable workspaces only). */
    @Override
    Object newScratch(int capacity, int offset, boolean trainable, int threads) {
        return trainable ? new float[Workspace.size(offset, capacity, outputSize())] : null;
    }

    /**
     * Training: a = x ⊙ mask with a fresh mask. Evaluation: a = (1 − p)·x when scaled at inference; inverted
     * dropout is never called there (the network passes x through).
     */
    @Override
    void forward(Workspace ws, int l, float[] x, int xOff, int m, Rng rng) {
        int off = ws.offset[l];
        int end = off + m * outputSize();
        float[] a = ws.a[l];
        if (!ws.training) {
            if (inverted) throw new IllegalStateException(name() + ": inverted dropout has nothing to do in evaluation");
            float keep = 1 - p;
            for (int i = off, j = xOff; i < end; i++, j++) a[i] = x[j] * keep;
            return;
        }
        if (rng == null) throw new IllegalArgumentException(name() + ": dropout in training needs a generator for its masks");
        float[] mask = (float[]) ws.scratch[l];
        fillMask(mask, off, end, p, inverted ? 1 / (1 - p) : 1f, rng);
        for (int i = off, j = xOff; i < end; i++, j++) a[i] = x[j] * mask[i];
    }

    /** Nothing: the mask was applied in the epilogue that wrote δ (see the class comment). */
    @Override
    void backward(Workspace ws, int l, float[] x, int xOff, int m, float[][] into, float[] beta, int p0, boolean gradIn) {}

    /** mask[i] = 0 with probability p, else keep, for i in [from, to); one 24-bit uniform per value. */
    static void fillMask(float[] mask, int from, int to, float p, float keep, Rng rng) {
        for (int i = from; i < to; i++) mask[i] = (rng.nextLong() >>> 40) * 0x1p-24f < p ? 0f : keep;
    }
}
