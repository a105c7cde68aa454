package org.backprop4j.optim;

import java.util.List;
import org.backprop4j.nn.Param;
import org.backprop4j.tensor.ElementWise;
import org.backprop4j.tensor.Kernels;
import org.backprop4j.tensor.Parallel;

/**
 * Plain (mini-batch stochastic) gradient descent, w ← w − η∇C: the notes' W = W_old + r(−∇C).
 * With ∇C the mean over the mini-batch this is Nielsen's w ← w − (η/m) Σ_x ∇C_x.
 */
public final class Sgd implements Optimizer, Parallel.Task {
    private static final ElementWise EW = Kernels.elementWise();
    private float eta;
    // the parameter being updated, for run()
    private int index;
    private float[] w;
    private float[] g;

    public Sgd(float eta) { this.eta = eta; }

    @Override
    public String name() { return "sgd"; }

    @Override
    public void step(List<Param> params, float[][] grads, int batchSize) {
        Optimizer.checkAligned(params, grads);
        beginStep(params);
        for (int i = 0; i < grads.length; i++) {
            index = i;
            w = params.get(i).value().data();
            g = grads[i];
            Parallel.run(this, Ranges.parts(w.length, batchSize));
        }
        w = g = null;
    }

    @Override
    public void run(int part, int parts) {
        update(index, w, g, Ranges.from(w.length, part, parts), Ranges.from(w.length, part + 1, parts));
    }

    @Override
    public void beginStep(List<Param> params) {}

    @Override
    public void update(int index, float[] w, float[] g, int from, int to) {
        EW.sgdStep(w, g, from, to - from, eta);
    }

    @Override
    public OptimizerState state() { return new OptimizerState(name(), 0, new float[0][], new float[0][]); }

    @Override
    public void restore(OptimizerState s) { s.requireName(name()); }

    @Override
    public float learningRate() { return eta; }

    @Override
    public void setLearningRate(float eta) { this.eta = eta; }
}
