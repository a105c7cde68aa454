package org.backprop4j.optim;

import java.util.List;
import org.backprop4j.nn.Param;
import org.backprop4j.tensor.ElementWise;
import org.backprop4j.tensor.Kernels;

/**
 * SGD with momentum, in PyTorch's form so that "lr 0.1, momentum 0.9" means the same here as there:
 * v ← μv + ∇C, w ← w − ηv. With {@code nesterov}, w ← w − η(∇C + μv), the look-ahead of Nesterov's
 * accelerated gradient (Sutskever et al. 2013).
 */
public final class Momentum extends ElementWiseOptimizer {
    private static final ElementWise EW = Kernels.elementWise();
    private float eta;
    private final float mu;
    private final boolean nesterov;
    /** Per parameter, in its layout (null before the first step). */
    private float[][] velocity;
    /** A checkpoint's velocity, values only, until beginStep lays it out in the parameters' layout. */
    private float[][] restored;
    /** The parameters' sizes, for {@link #state()}. */
    private int[] sizes;
    /** Whether the last beginStep created the velocity (the first step), for cancelStep. */
    private boolean createdVelocity;

    public Momentum(float eta, float mu, boolean nesterov) {
        if (!(mu >= 0 && mu < 1)) throw new IllegalArgumentException("momentum must be in [0, 1), got " + mu);
        this.eta = eta;
        this.mu = mu;
        this.nesterov = nesterov;
    }

    @Override
    public String name() { return nesterov ? "nesterov" : "momentum"; }

    @Override
    public void beginStep(List<Param> params) {
        createdVelocity = velocity == null && restored == null;
        if (velocity == null) {
            velocity = restored == null ? newState(params) : laidOut(restored, params);
            restored = null;
            sizes = sizes(params);
        }
    }

    @Override
    public void cancelStep() {
        if (createdVelocity) velocity = null;
        createdVelocity = false;
    }

    @Override
    public void update(int index, float[] w, float[] g, int from, int to) {
        EW.momentumStep(w, velocity[index], g, from, to - from, eta, mu, nesterov);
    }

    /**
     * The velocity, into which ∇W's product may add the gradient as v ← fma(v, μ, ∇) (the first half of
     * {@link #update}); plain momentum only, since Nesterov's step needs the gradient on its own.
     */
    @Override
    public float[] accumulator(int index) { return nesterov || velocity == null ? null : velocity[index]; }

    @Override
    public float accumulatorBeta() { return mu; }

    /** w ← fma(v, −η, w), the second half of {@link #update} (ElementWise.momentumStep), on the velocity as accumulated. */
    @Override
    public void updateAccumulated(int index, float[] w, int from, int to) {
        EW.sgdStep(w, velocity[index], from, to - from, eta);
    }

    public float momentum() { return mu; }

    @Override
    float[][] stateOf(int index) {
        float[][] v = velocity != null ? velocity : restored;
        return v == null ? new float[0][] : new float[][] {v[index]};
    }

    @Override
    public OptimizerState state() {
        float[][] v = velocity != null ? valuesOf(velocity, sizes) : restored != null ? copy(restored) : new float[0][];
        return new OptimizerState(name(), 0, v, new float[0][]);
    }

    @Override
    public void restore(OptimizerState s) {
        s.requireName(name());
        velocity = null;
        restored = s.buffers().length == 0 ? null : copy(s.buffers());
    }


    @Override
    public float learningRate() { return eta; }

    @Override
    public void setLearningRate(float eta) { this.eta = eta; }
}
