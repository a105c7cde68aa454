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
public final class Momentum implements Optimizer {
    private static final ElementWise EW = Kernels.elementWise();
    private float eta;
    private final float mu;
    private final boolean nesterov;
    private float[][] velocity;

    public Momentum(float eta, float mu, boolean nesterov) {
        if (!(mu >= 0 && mu < 1)) throw new IllegalArgumentException("momentum must be in [0, 1), got " + mu);
        this.eta = eta;
        this.mu = mu;
        this.nesterov = nesterov;
    }

    @Override
    public String name() { return nesterov ? "nesterov" : "momentum"; }

    @Override
    public void step(List<Param> params, float[][] grads) {
        if (velocity == null) {
            velocity = new float[grads.length][];
            for (int i = 0; i < grads.length; i++) velocity[i] = new float[grads[i].length];
        }
        for (int i = 0; i < grads.length; i++) {
            float[] w = params.get(i).value().data();
            float[] v = velocity[i];
            EW.scaleAdd(mu, v, grads[i], v.length);
            if (nesterov) {
                EW.axpy(-eta, grads[i], w, w.length);
                EW.axpy(-eta * mu, v, w, w.length);
            } else {
                EW.axpy(-eta, v, w, w.length);
            }
        }
    }

    public float momentum() { return mu; }

    /** The velocity buffers (null before the first step), for checkpoints. */
    public float[][] velocity() { return velocity; }

    @Override
    public float learningRate() { return eta; }

    @Override
    public void setLearningRate(float eta) { this.eta = eta; }
}
