package org.backprop4j.optim;

import java.util.List;
import org.backprop4j.nn.Param;
import org.backprop4j.tensor.ElementWise;
import org.backprop4j.tensor.Kernels;

/**
 * Plain (mini-batch stochastic) gradient descent, w ← w − η∇C: the notes' W = W_old + r(−∇C).
 * With ∇C the mean over the mini-batch this is Nielsen's w ← w − (η/m) Σ_x ∇C_x.
 */
public final class Sgd extends ElementWiseOptimizer {
    private static final ElementWise EW = Kernels.elementWise();
    private float eta;

    public Sgd(float eta) { this.eta = eta; }

    @Override
    public String name() { return "sgd"; }

    @Override
    public void beginStep(List<Param> params) {}

    @Override
    public void update(int index, float[] w, float[] g, int from, int to) {
        EW.sgdStep(w, g, from, to - from, eta);
    }

    @Override
    float[][] stateOf(int index) { return new float[0][]; }

    @Override
    public OptimizerState state() { return new OptimizerState(name(), 0, new float[0][], new float[0][]); }

    @Override
    public void restore(OptimizerState s) { s.requireName(name()); }

    @Override
    public float learningRate() { return eta; }

    @Override
    public void setLearningRate(float eta) { this.eta = eta; }
}
